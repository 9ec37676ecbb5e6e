package org.vdpacompute.sysfs;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.vdpacompute.core.pci.PciAddress;

/**
 * A network device of {@code /sys/class/net}.
 *
 * @param device the PCI function it belongs to ({@code device} link); null for virtual devices
 * @param switchId {@code phys_switch_id}: present, and the same for every port of one switch, only
 *     on devices of an eswitch in switchdev mode
 * @param portName {@code phys_port_name}: {@code p0} for an uplink, {@code pf0vf3} for a VF's
 *     representor (older drivers write just the VF number); null when the driver has none
 */
public record NetDevice(String name, PciAddress device, String switchId, String portName) {

  // As os-vif reads phys_port_name: "3" or "...vf3" for the VF, "pf0..." for its PF, "p0" for an uplink.
  private static final Pattern BARE_VF = Pattern.compile("^(\\d+)$");
  private static final Pattern VF = Pattern.compile("vf(\\d+)", Pattern.CASE_INSENSITIVE);
  private static final Pattern PF = Pattern.compile("pf(\\d+)", Pattern.CASE_INSENSITIVE);
  private static final Pattern UPLINK = Pattern.compile("^p(\\d+)$", Pattern.CASE_INSENSITIVE);

  public boolean inSwitch() {
    return switchId != null && !switchId.isEmpty();
  }

  public boolean isUplink() {
    return portName != null && UPLINK.matcher(portName).matches();
  }

  /** The VF index a representor's port name gives. */
  Optional<Integer> representedVf() {
    return number(BARE_VF, portName).or(() -> number(VF, portName));
  }

  /** The PF function number a representor's port name gives, when it gives one. */
  Optional<Integer> representedPf() {
    return number(PF, portName);
  }

  private static Optional<Integer> number(Pattern pattern, String text) {
    if (text == null) {
      return Optional.empty();
    }
    Matcher m = pattern.matcher(text);
    return m.find() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
  }
}
