package org.vdpacompute.app.config;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.vdpacompute.app.config.Configs.SOURCE;
import static org.vdpacompute.app.config.Configs.read;

import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.vdpacompute.core.InvalidValueException;
import org.vdpacompute.core.pci.spec.InvalidAliasException;
import org.vdpacompute.core.pci.spec.InvalidDeviceSpecException;

/** Every refusal names the file, the section, the key and the value as written. */
class ConfigErrorTest {

  @Test
  void unknownSection() {
    refused("[DEFAULT]\nhost = a\n\n[nova]\n")
        .hasMessage(SOURCE + ": line 4: unknown section [nova]; known: "
            + "[DEFAULT, api, database, identity, compute, emulated, ovs, libvirt, pci]");
  }

  @Test
  void unknownKey() {
    refused("[compute]\nheartbeat = 10\n")
        .hasMessage(SOURCE + ": [compute] heartbeat = 10: unknown key 'heartbeat' in [compute];"
            + " known: [driver, controller_url, controller_ca_file, listen, allow_resize_to_same_host,"
            + " shelved_offload_time, heartbeat_interval, sync_power_state_interval]");
  }

  @Test
  void keysAreCaseSensitiveAsInNova() {
    refused("[DEFAULT]\nHost = a\n")
        .hasMessageStartingWith(SOURCE + ": [DEFAULT] Host = a: unknown key 'Host' in [DEFAULT]");
  }

  @Test
  void aSingleValuedKeyRepeated() {
    refused("[DEFAULT]\nhost = a\n[compute]\ndriver = emulated\n[DEFAULT]\nhost = b\n")
        .hasMessage(SOURCE + ": [DEFAULT] host = b: repeated; line 2 already set this key,"
            + " which takes one value");
  }

  @Test
  void anEmptyValue() {
    refused("[DEFAULT]\nhost =    # to be filled in\n")
        .hasMessage(SOURCE + ": [DEFAULT] host = : has no value");
  }

  @Test
  void notABoolean() {
    refused("[compute]\nallow_resize_to_same_host = sometimes\n")
        .hasMessage(SOURCE + ": [compute] allow_resize_to_same_host = sometimes:"
            + " is not a boolean (true or false)");
  }

  @Test
  void notAnInteger() {
    refused("[compute]\nheartbeat_interval = 10s\n")
        .hasMessage(SOURCE + ": [compute] heartbeat_interval = 10s: is not an integer");
    refused("[compute]\nshelved_offload_time = 99999999999\n")
        .hasMessage(SOURCE + ": [compute] shelved_offload_time = 99999999999: is not an integer");
  }

  @Test
  void aHeartbeatIntervalThatIsNotPositive() {
    refused("[compute]\nheartbeat_interval = 0\n")
        .hasMessage(SOURCE + ": [compute] heartbeat_interval = 0: is not a positive number of seconds");
  }

  @Test
  void aShelvedOffloadTimeBelowMinusOne() {
    refused("[compute]\nshelved_offload_time = -2\n")
        .hasMessage(SOURCE + ": [compute] shelved_offload_time = -2: is below -1:"
            + " a number of seconds, 0 offloading at once and -1 never");
  }

  @Test
  void aBadListenAddress() {
    refused("[api]\nlisten = 8774\n")
        .hasMessage(SOURCE + ": [api] listen = 8774: is not host:port (an IPv6 address as [::1]:port)");
    refused("[compute]\nlisten = 0.0.0.0:70000\n")
        .hasMessage(SOURCE + ": [compute] listen = 0.0.0.0:70000: port 70000 is not between 0 and 65535");
  }

  @Test
  void aBadPublicUrl() {
    refused("[api]\npublic_url = cloud.example:8774\n")
        .hasMessage(SOURCE + ": [api] public_url = cloud.example:8774: is not an http:// or https:// URL with a host");
  }

  @Test
  void aHostNameNoUrlOrColumnCouldHold() {
    refused("[DEFAULT]\nhost = compute/0\n")
        .hasMessage(SOURCE + ": [DEFAULT] host = compute/0: is not a host name: 1 to 255 letters, digits, '.', '-' and '_',"
            + " starting with a letter or digit");
  }

  @Test
  void aBadControllerUrl() {
    refused("[compute]\ncontroller_url = ftp://controller\n")
        .hasMessage(SOURCE + ": [compute] controller_url = ftp://controller:"
            + " is not an http:// or https:// URL with a host");
    refused("[compute]\ncontroller_url = 127.0.0.1:8774\n")
        .hasMessageStartingWith(SOURCE + ": [compute] controller_url = 127.0.0.1:8774: is not");
  }

  @Test
  void aBadOvsdbConnection() {
    refused("[ovs]\nconnection = /var/run/openvswitch/db.sock\n")
        .hasMessage(SOURCE + ": [ovs] connection = /var/run/openvswitch/db.sock:"
            + " is not unix:PATH or tcp:HOST:PORT");
    refused("[ovs]\nconnection = ssl:10.0.0.1:6640\n")
        .hasMessage(SOURCE + ": [ovs] connection = ssl:10.0.0.1:6640:"
            + " is an SSL remote, which is not supported; use unix:PATH or tcp:HOST:PORT");
    refused("[ovs]\nplug = maybe\n")
        .hasMessage(SOURCE + ": [ovs] plug = maybe: is not a boolean (true or false)");
    refused("[ovs]\ninterface = native\n")
        .hasMessage(SOURCE + ": [ovs] interface = native: unknown key 'interface' in [ovs];"
            + " known: [plug, bridge, connection]");
    refused("[emulated]\nrepresentor_prefix = compute-0\n")
        .hasMessage(SOURCE + ": [emulated] representor_prefix = compute-0: is not 1 to 7 letters, digits, '-' and '_':"
            + " with pfNvfM after it, a representor's name must be a network device name of at most 15 characters");
  }

  @Test
  void anUnknownDriver() {
    refused("[compute]\ndriver = xen\n")
        .hasMessage(SOURCE + ": [compute] driver = xen: is not a driver; one of [emulated, libvirt]");
  }

  @Test
  void aBadJdbcUrl() {
    refused("[database]\nconnection = mysql://db/nova\n")
        .hasMessage(SOURCE + ": [database] connection = mysql://db/nova: is not a JDBC URL of H2"
            + " (jdbc:h2:...) or PostgreSQL (jdbc:postgresql://HOST:PORT/DB)");
  }

  @Test
  void aDatabasePasswordIsMaskedInMessages() {
    refused("[database]\nconnection = jdbc:mysql://db/nova?user=u&password=db-secret\n")
        .hasMessageStartingWith(
            SOURCE + ": [database] connection = jdbc:mysql://db/nova?user=u&password=****: ")
        .message().doesNotContain("db-secret");
  }

  @Test
  void identityPasswordsAreMaskedInMessages() {
    refused("[identity]\nadmin_password = first-secret\nadmin_password = second-secret\n")
        .hasMessage(SOURCE + ": [identity] admin_password = ****: repeated; line 2 already set"
            + " this key, which takes one value");
  }

  @Test
  void aDeviceSpecWithABadVendorId() {
    refused("[pci]\ndevice_spec = {\"vendor_id\": \"15bx\"}\n")
        .hasMessage(SOURCE + ": [pci] device_spec = {\"vendor_id\": \"15bx\"}: device_spec entry 1:"
            + " key 'vendor_id': '15bx' is not a hex number or '*'")
        .hasCauseInstanceOf(InvalidDeviceSpecException.class);
  }

  @Test
  void aDeviceSpecThatIsNotJson() {
    refused("[pci]\ndevice_spec = {\"vendor_id\": \"15b3\"}\ndevice_spec = vendor_id=15b3\n")
        .hasMessageStartingWith(SOURCE + ": [pci] device_spec = vendor_id=15b3: device_spec entry 2:"
            + " 'vendor_id=15b3' is not JSON");
  }

  @Test
  void aDeviceSpecEntryIsNamedByItsOwnKeyWhenWrittenByItsOlderName() {
    refused("""
        [pci]
        device_spec = {"vendor_id": "15b3"}
        passthrough_whitelist = {"vendor_id": "15b3", "address": "0000:06:00.*", "devname": "eth0"}
        """)
        .hasMessageStartingWith(SOURCE + ": [pci] passthrough_whitelist = {\"vendor_id\": \"15b3\","
            + " \"address\": \"0000:06:00.*\", \"devname\": \"eth0\"}: device_spec entry 2:");
  }

  @Test
  void anAliasWithAnUnknownKey() {
    refused("[pci]\nalias = {\"name\": \"gpu\", \"vendor\": \"10de\"}\n")
        .hasMessage(SOURCE + ": [pci] alias = {\"name\": \"gpu\", \"vendor\": \"10de\"}: alias entry 1:"
            + " key 'vendor': '10de' is not an alias key"
            + " (name, vendor_id, product_id, device_type, numa_policy)")
        .hasCauseInstanceOf(InvalidAliasException.class);
  }

  @Test
  void anAliasForVdpaDevices() {
    refused("[pci]\nalias = {\"name\": \"nic\", \"device_type\": \"vdpa\"}\n")
        .hasMessageStartingWith(SOURCE + ": [pci] alias = {\"name\": \"nic\", \"device_type\": \"vdpa\"}:"
            + " alias entry 1: key 'device_type': 'vdpa' cannot be used by an alias");
  }

  @Test
  void aliasesOfOneNameThatDisagreeAreNamedByTheLaterLine() {
    refused("""
        [pci]
        alias = {"name": "gpu", "vendor_id": "10de", "device_type": "type-PCI"}
        alias = {"name": "other", "vendor_id": "10de"}
        alias = {"name": "gpu", "vendor_id": "10de", "device_type": "type-PF"}
        """)
        .hasMessageStartingWith(SOURCE + ": [pci] alias = {\"name\": \"gpu\", \"vendor_id\": \"10de\","
            + " \"device_type\": \"type-PF\"}: alias entry 3: key 'device_type'");
  }

  @Test
  void everyRefusalIsAnInvalidValue() {
    refused("[compute]\ndriver = xen\n").isInstanceOf(InvalidValueException.class);
  }

  private static AbstractThrowableAssert<?, ? extends Throwable> refused(String text) {
    return assertThatThrownBy(() -> read(text)).isInstanceOf(ConfigException.class);
  }
}
