package org.vdpacompute.core.pci.spec;

import java.util.regex.Pattern;
import org.vdpacompute.core.pci.PciAddress;

/** The four fields of a PCI address, with their limits and printed widths. */
enum AddressField {
  DOMAIN("domain", PciAddress.MAX_DOMAIN, 4),
  BUS("bus", PciAddress.MAX_BUS, 2),
  SLOT("slot", PciAddress.MAX_SLOT, 2),
  FUNCTION("function", PciAddress.MAX_FUNCTION, 1);

  private static final Pattern CANONICAL = Pattern.compile("[0-9a-f]+");

  final String key;
  final int max;
  final int width;

  AddressField(String key, int max, int width) {
    this.key = key;
    this.max = max;
    this.width = width;
  }

  /** The field of an address. */
  int of(PciAddress address) {
    return switch (this) {
      case DOMAIN -> address.domain();
      case BUS -> address.bus();
      case SLOT -> address.slot();
      case FUNCTION -> address.function();
    };
  }

  /** The field of an address as the host prints it, the text regular expressions are run on. */
  String text(PciAddress address) {
    return AddressPattern.hex(of(address), width);
  }

  /**
   * The value of a field's text, read as Nova reads it (see {@link HexNumber}) and checked against
   * this field's maximum. A negative value is accepted: it selects no device.
   *
   * @throws ValueProblem if the text is not hex or the value is above the maximum
   */
  int parse(String text) {
    long value;
    try {
      value = HexNumber.parse(text);
    } catch (NumberFormatException notHex) {
      throw new ValueProblem("has a " + key + " '" + text + "' that is neither hex nor '*'");
    }
    if (value > max) {
      throw new ValueProblem(
          "has a " + key + " '" + text + "' above the maximum " + Integer.toHexString(max));
    }
    return (int) Math.max(value, Integer.MIN_VALUE);
  }

  /** The text names this field's value as the host prints it: lowercase hex of the field's width. */
  boolean isCanonical(String text) {
    return text.length() == width && CANONICAL.matcher(text).matches() && Integer.parseInt(text, 16) <= max;
  }
}
