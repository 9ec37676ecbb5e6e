package org.vdpacompute.core.pci.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.vdpacompute.core.pci.DeviceIdentity;
import org.vdpacompute.core.pci.DeviceWhitelist;

/**
 * The {@code [pci] device_spec} option (formerly {@code passthrough_whitelist}): the devices of a
 * host that may be handed to guests, and their tags. Parsed whole at start-up, so a malformed value
 * stops the program before anything runs; immutable afterwards.
 */
public final class DeviceSpecList implements DeviceWhitelist {
  private final List<DeviceSpec> specs;
  private final List<String> values;

  private DeviceSpecList(List<DeviceSpec> specs, List<String> values) {
    this.specs = List.copyOf(specs);
    this.values = List.copyOf(values);
  }

  /**
   * Parses the configured values, one string per configuration line, each a JSON object or a JSON
   * list of objects.
   *
   * @throws InvalidDeviceSpecException naming the first malformed entry, key and value
   */
  public static DeviceSpecList parse(List<String> values) {
    List<DeviceSpec> specs = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      specs.addAll(DeviceSpecParser.parseEntry(i + 1, values.get(i)));
    }
    return new DeviceSpecList(specs, values);
  }

  /** The configured values as given, e.g. for an agent to send its whitelist to the controller. */
  public List<String> values() {
    return values;
  }

  /** Every spec, in configuration order. */
  public List<DeviceSpec> specs() {
    return specs;
  }

  /** The first spec that selects the device, as Nova takes the first match. */
  public Optional<DeviceSpec> specOf(DeviceIdentity device) {
    for (DeviceSpec spec : specs) {
      if (spec.matches(device)) {
        return Optional.of(spec);
      }
    }
    return Optional.empty();
  }

  @Override
  public Optional<Map<String, String>> tagsOf(DeviceIdentity device) {
    return specOf(device).map(DeviceSpec::tags);
  }

  /**
   * {@inheritDoc} Refuses, as Nova does when it reads the spec, a remote_managed entry naming an
   * interface the host lacks, or a PF with other ids than its VFs'.
   *
   * @throws InvalidDeviceSpecException naming the first such entry
   */
  @Override
  public void checkOnHost(List<DeviceIdentity> devices) {
    for (DeviceSpec spec : specs) {
      spec.checkOnHost(devices);
    }
  }

  @Override
  public String toString() {
    return "DeviceSpecList" + specs;
  }
}
