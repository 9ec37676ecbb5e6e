package org.vdpacompute.app.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.vdpacompute.core.pci.DeviceIdentity;
import org.vdpacompute.core.pci.spec.InvalidDeviceSpecException;

/**
 * The configuration file, read whole, checked and typed; immutable. Every section is present,
 * holding the contract's defaults where the file is silent. Values without a default are null
 * until a command requires them with {@link #requireForController()} or
 * {@link #requireForCompute()}.
 *
 * @param source the file it was read from, named by every error about it
 */
public record Configuration(
    String source,
    DefaultSection defaults,
    ApiSection api,
    DatabaseSection database,
    IdentitySection identity,
    ComputeSection compute,
    EmulatedSection emulated,
    OvsSection ovs,
    LibvirtSection libvirt,
    PciSection pci) {

  public Configuration {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(defaults, "defaults");
    Objects.requireNonNull(api, "api");
    Objects.requireNonNull(database, "database");
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(compute, "compute");
    Objects.requireNonNull(emulated, "emulated");
    Objects.requireNonNull(ovs, "ovs");
    Objects.requireNonNull(libvirt, "libvirt");
    Objects.requireNonNull(pci, "pci");
  }

  /**
   * Reads and checks the file.
   *
   * @throws ConfigException if the file is missing or unreadable, or names an unknown section or
   *     key, repeats a single-valued key, or holds a malformed value; the message names the file,
   *     section, key and value
   */
  public static Configuration load(Path file) {
    return ConfigReader.load(file);
  }

  /**
   * Reads configuration text as the file {@code source} would be read, for a program that writes
   * its own configuration and checks it before writing it.
   *
   * @throws ConfigException as {@link #load(Path)} does
   */
  public static Configuration parse(String source, String text) {
    return ConfigReader.read(source, text.lines().toList());
  }

  /**
   * Checks what the controller command needs: {@code [identity] admin_password} and
   * {@code service_password}.
   *
   * @return this configuration
   * @throws ConfigException naming the first missing key
   */
  public Configuration requireForController() {
    String command = "controller";
    require(identity.adminPassword(), Option.ADMIN_PASSWORD, command);
    require(identity.servicePassword(), Option.SERVICE_PASSWORD, command);
    return this;
  }

  /**
   * Checks what the compute command needs: {@code [DEFAULT] host}, {@code [compute]
   * controller_url} and {@code driver}, {@code [identity] service_password}; and with the emulated
   * driver, that {@code [emulated] topology}, when set, is a readable file (when not set the host
   * is the built-in reference host).
   *
   * @return this configuration
   * @throws ConfigException naming the first missing key or the unreadable topology
   */
  public Configuration requireForCompute() {
    String command = "compute";
    require(defaults.host(), Option.HOST, command);
    require(compute.controllerUrl(), Option.CONTROLLER_URL, command);
    require(identity.servicePassword(), Option.SERVICE_PASSWORD, command);
    require(compute.driver(), Option.DRIVER, command);
    Path topology = emulated.topology();
    if (compute.driver() == ComputeDriver.EMULATED
        && topology != null
        && !(Files.isRegularFile(topology) && Files.isReadable(topology))) {
      throw ConfigException.badValue(
          source, Option.TOPOLOGY, topology.toString(), "is not a readable file");
    }
    return this;
  }

  private void require(Object value, Option option, String command) {
    if (value == null) {
      throw ConfigException.missing(source, option, command);
    }
  }

  /**
   * Checks {@code [pci] device_spec} against this host's devices, as Nova checks it against sysfs
   * when it reads it: a remote_managed entry naming an interface the host lacks, or naming a PF.
   *
   * @throws ConfigException naming the file, the entry, the key and the value
   */
  public void checkDeviceSpecOn(List<DeviceIdentity> devices) {
    try {
      pci.deviceSpec().checkOnHost(devices);
    } catch (InvalidDeviceSpecException e) {
      throw new ConfigException(source + ": [pci] " + e.getMessage(), e);
    }
  }
}
