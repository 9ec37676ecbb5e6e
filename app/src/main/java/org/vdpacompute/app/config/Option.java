package org.vdpacompute.app.config;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.vdpacompute.ovs.SwitchSettings;

/**
 * Every key the file may hold, by section: the schema against which unknown keys are refused, and,
 * as oslo.config's options are, the one registry of each key's type, default and help, from which
 * the sample configuration is generated ({@link SampleConfig}).
 */
enum Option {
  HOST("DEFAULT", "host", ValueType.STRING, null,
      "This compute agent's host name, as the controller, the scheduler and the openstack CLI show"
          + " it: 1 to 255 letters, digits, '.', '-' and '_', starting with a letter or digit."
          + " Required by the compute command. It is never guessed from the machine's name, so that"
          + " a renamed machine does not become a new host."),
  STATE_PATH("DEFAULT", "state_path", ValueType.STRING, DefaultSection.DEFAULT_STATE_PATH.toString(),
      "Where this process keeps its local state: the embedded database and image data (controller),"
          + " the emulated hypervisor's guests (compute). One process per directory: a second one"
          + " started on a directory in use is refused."),
  DEBUG("DEFAULT", "debug", ValueType.BOOLEAN, "false",
      "Log at the debug level instead of info, as the --debug option does."),
  API_LISTEN("api", "listen", ValueType.ADDRESS, ApiSection.DEFAULT_LISTEN.toString(),
      "Where the controller listens, as host:port (an IPv6 address in brackets, [::1]:8774); port 0"
          + " takes any free port. This one port serves the identity, compute, networking and image"
          + " APIs, the agents' calls, /metrics and /healthcheck."),
  API_PUBLIC_URL("api", "public_url", ValueType.URI, null,
      "The http:// or https:// URL clients reach the controller at, which the catalog in every"
          + " token, the version documents and every link give; set it behind a reverse proxy or TLS"
          + " terminator. Default: the listen address (a wildcard address replaced by this machine's"
          + " name); never the Host header a client sends."),
  API_CERT_FILE("api", "cert_file", ValueType.STRING, null,
      "A PEM file of the certificate the listener presents, followed by its intermediate"
          + " certificates. With key_file set too, the listener serves HTTPS only, and the default"
          + " public URL is https://. Set both or neither; default: plain HTTP."),
  API_KEY_FILE("api", "key_file", ValueType.STRING, null,
      "The PEM file of cert_file's private key: PKCS#8 (BEGIN PRIVATE KEY), or an unencrypted"
          + " BEGIN RSA PRIVATE KEY or BEGIN EC PRIVATE KEY. Keep it readable by the controller's"
          + " user alone."),
  DATABASE_CONNECTION("database", "connection", ValueType.STRING, null,
      "The controller's database, as a JDBC URL: jdbc:h2:file:PATH for the embedded H2 database, or"
          + " jdbc:postgresql://HOST:PORT/DB?user=U&password=P for PostgreSQL, which several"
          + " controllers may share. Default: the embedded database jdbc:h2:file:STATE_PATH/vdpa-compute."),
  ADMIN_PASSWORD("identity", "admin_password", ValueType.STRING, null,
      "Password of the user admin (project admin, role admin), set when the controller creates the"
          + " user on its first start. Required by the controller command."),
  SERVICE_PASSWORD("identity", "service_password", ValueType.STRING, null,
      "Password of the service user the compute agents log in as: the controller creates the user"
          + " with it on its first start, the agents log in with it. Required by both commands."),
  DRIVER("compute", "driver", ValueType.STRING, null,
      "The hypervisor driver of this compute agent: emulated (a host simulated in memory, from"
          + " [emulated] topology) or libvirt (a real host, through [libvirt] uri). Required by the"
          + " compute command."),
  CONTROLLER_URL("compute", "controller_url", ValueType.URI, null,
      "The controller's API, an http:// or https:// URL, which this agent registers with and"
          + " heartbeats to. Required by the compute command."),
  CONTROLLER_CA_FILE("compute", "controller_ca_file", ValueType.STRING, null,
      "A PEM file of the certificate authorities this agent trusts when controller_url is"
          + " https://, such as the one that signed the controller's [api] cert_file (or that"
          + " certificate itself when it is self-signed). Default: the JDK's trusted authorities."),
  COMPUTE_LISTEN("compute", "listen", ValueType.ADDRESS, ComputeSection.DEFAULT_LISTEN.toString(),
      "Where this compute agent listens for the controller's calls, as host:port; port 0 takes any"
          + " free port. The agent reports the address it got when it registers."),
  ALLOW_RESIZE_TO_SAME_HOST("compute", "allow_resize_to_same_host", ValueType.BOOLEAN, "false",
      "Whether a resize may stay on the server's own host (controller), as Nova's option of that"
          + " name."),
  SHELVED_OFFLOAD_TIME("compute", "shelved_offload_time", ValueType.INTEGER, "0",
      "Seconds a shelved server stays on its host before it is offloaded (controller): 0 offloads"
          + " at once, -1 never, as in Nova."),
  HEARTBEAT_INTERVAL("compute", "heartbeat_interval", ValueType.INTEGER,
      Integer.toString(ComputeSection.DEFAULT_HEARTBEAT_INTERVAL),
      "Seconds between a compute agent's heartbeats, more than 0. A host that misses six is"
          + " reported down."),
  SYNC_POWER_STATE_INTERVAL("compute", "sync_power_state_interval", ValueType.INTEGER,
      Integer.toString(ComputeSection.DEFAULT_SYNC_POWER_STATE_INTERVAL),
      "Seconds between the controller's comparisons of each host's guests with its records, as"
          + " Nova's option of that name: a guest gone from its host, or broken there, puts its server"
          + " in ERROR with why. 0 runs it every " + ComputeSection.DEFAULT_PERIODIC_INTERVAL
          + " seconds, a negative number never. One guest listing per host per run."),
  TOPOLOGY("emulated", "topology", ValueType.STRING, null,
      "The emulated host's topology file (JSON: hypervisor versions, NUMA nodes, PCI devices)."
          + " Default: the built-in reference host, one PF whose four VFs have vDPA devices."),
  REPRESENTOR_PREFIX("emulated", "representor_prefix", ValueType.STRING, null,
      "1 to 7 letters, digits, '-' and '_': the emulated host names the representors its topology"
          + " does not name this followed by pfNvfM (c0pf0vf1), not as systemd names them; for"
          + " emulated hosts that share one switch, whose database has one port of a name."),
  OVS_PLUG("ovs", "plug", ValueType.BOOLEAN, "false",
      "Whether this compute agent plugs the VF representor of each vdpa or direct port into"
          + " [ovs] bridge while the port is on this host, as os-vif's OVS plugin does for hardware"
          + " offload, and reports the switch's state to the controller."),
  OVS_BRIDGE("ovs", "bridge", ValueType.STRING, SwitchSettings.DEFAULT_BRIDGE,
      "The integration bridge the representors are plugged into."),
  OVS_CONNECTION("ovs", "connection", ValueType.STRING, SwitchSettings.DEFAULT_ENDPOINT.toString(),
      "The switch's database server (OVSDB), as ovs-vsctl --db takes it: unix:PATH or"
          + " tcp:HOST:PORT (ssl: is refused)."),
  LIBVIRT_URI("libvirt", "uri", ValueType.URI, LibvirtSection.DEFAULT_URI,
      "The libvirt connection of the libvirt driver."),
  DEVICE_SPEC("pci", "device_spec", ValueType.MULTI, null,
      "A PCI device of this host that guests may be given, as Nova's [pci] device_spec: a JSON"
          + " object, or a JSON list of them, with the keys vendor_id, product_id, address, devname,"
          + " physical_network, trusted, remote_managed, and other keys kept as tags. A vDPA device"
          + " is matched through its VF. Repeat the key for more devices."),
  // Nova's older name of device_spec; both feed one list, in file order.
  PASSTHROUGH_WHITELIST("pci", "passthrough_whitelist", ValueType.MULTI, null,
      "Nova's older name of device_spec, still accepted: both add to one list, in file order."),
  ALIAS("pci", "alias", ValueType.MULTI, null,
      "A PCI alias that flavors request devices by (pci_passthrough:alias), as Nova's [pci] alias:"
          + " a JSON object with name, vendor_id, product_id, device_type and numa_policy. An alias"
          + " can never select a vDPA device: those are consumed through ports only.");

  /** The kind of value a key takes, named as oslo-config-generator names it in a sample. */
  enum ValueType {
    STRING("string value"),
    BOOLEAN("boolean value"),
    INTEGER("integer value"),
    URI("uri value"),
    ADDRESS("host:port value"),
    MULTI("multi valued");

    private final String label;

    ValueType(String label) {
      this.label = label;
    }

    String label() {
      return label;
    }
  }

  private static final Set<Option> SECRETS = Set.of(ADMIN_PASSWORD, SERVICE_PASSWORD);
  private static final Pattern URL_PASSWORD = Pattern.compile("(?i)(password=)[^&;]*");
  private static final String MASK = "****";

  private final String section;
  private final String key;
  private final ValueType type;
  private final String defaultText;
  private final String help;

  Option(String section, String key, ValueType type, String defaultText, String help) {
    this.section = section;
    this.key = key;
    this.type = type;
    this.defaultText = defaultText;
    this.help = help;
  }

  String section() {
    return section;
  }

  String key() {
    return key;
  }

  /** Whether the key may repeat, each line adding one value. */
  boolean multiValued() {
    return type == ValueType.MULTI;
  }

  ValueType type() {
    return type;
  }

  /** The value the key has when the file does not set it, as it would be written; empty when none. */
  Optional<String> defaultText() {
    return Optional.ofNullable(defaultText);
  }

  /** What the key does, for the sample configuration. */
  String help() {
    return help;
  }

  /** The value as a message may show it: passwords never appear in logs or on a terminal. */
  String display(String value) {
    if (SECRETS.contains(this)) {
      return MASK;
    }
    if (this == DATABASE_CONNECTION) {
      return URL_PASSWORD.matcher(value).replaceAll("$1" + MASK);
    }
    return value;
  }

  static Optional<Option> find(String section, String key) {
    return Arrays.stream(values())
        .filter(o -> o.section.equals(section) && o.key.equals(key))
        .findFirst();
  }

  /** The known sections, in the order the contract lists them. */
  static Set<String> sections() {
    Set<String> sections = new LinkedHashSet<>();
    for (Option option : values()) {
      sections.add(option.section);
    }
    return sections;
  }

  /** The known keys of a section, in schema order. */
  static List<String> keys(String section) {
    return Arrays.stream(values()).filter(o -> o.section.equals(section)).map(Option::key).toList();
  }

  /** {@code [section] key}. */
  @Override
  public String toString() {
    return "[" + section + "] " + key;
  }
}
