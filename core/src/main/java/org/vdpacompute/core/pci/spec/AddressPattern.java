package org.vdpacompute.core.pci.spec;

import java.util.Optional;
import org.vdpacompute.core.pci.PciAddress;

/**
 * The {@code address} of a device spec: a glob string or an object of regular expressions.
 *
 * <p>When the pattern names exactly one address and that address is a PF, Nova also matches the
 * PF's VFs. The parser cannot know which addresses are PFs, but a device's parent is always one, so
 * a VF (or the vDPA device on it) matches when its parent equals the single address.
 */
sealed interface AddressPattern permits GlobAddress, RegexAddress {

  /** True if the device's own address fits the pattern. */
  boolean matches(PciAddress address);

  /** The one address the pattern names, when it has no wildcard in any field. */
  Optional<PciAddress> single();

  /** True if the device fits by its own address, or by its parent PF's if the pattern is single. */
  default boolean matches(PciAddress address, PciAddress parent) {
    if (parent != null && single().filter(parent::equals).isPresent()) {
      return true;
    }
    return matches(address);
  }

  /** A field as the host reports it: lowercase hex, zero-padded to its width. */
  static String hex(int value, int width) {
    String digits = Integer.toHexString(value);
    return digits.length() >= width ? digits : "0".repeat(width - digits.length()) + digits;
  }
}
