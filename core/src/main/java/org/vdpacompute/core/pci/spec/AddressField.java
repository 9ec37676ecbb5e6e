package org.vdpacompute.core.pci.spec;

import java.util.regex.Pattern;
import org.vdpacompute.core.pci.PciAddress;

/** The four fields of a PCI address, with their limits and printed widths. */
enum AddressField {
  DOMAIN("domain", PciAddress.MAX_DOMAIN, 4),
  BUS("bus", PciAddress.MAX_BUS, 2),
  SLOT("slot", PciAddress.MAX_SLOT, 2),
  FUNCTION("function", PciAddress.MAX_FUNCTION, 1);

  private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]+");

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

  /** True if the text is hex digits only, so it may name one value of this field. */
  static boolean isHex(String text) {
    return HEX.matcher(text).matches();
  }

  /**
   * The value of a hex text, checked against this field's maximum. Any number of leading zeros is
   * accepted, as Nova parses fields as numbers.
   *
   * @throws ValueProblem if the text is not hex or the value is out of range
   */
  int parse(String text) {
    if (!isHex(text)) {
      throw new ValueProblem("has a " + key + " '" + text + "' that is neither hex nor '*'");
    }
    String significant = text.replaceFirst("^0+(?=.)", "");
    // Beyond 4 significant digits no field can hold it; checking the length first avoids overflow.
    if (significant.length() > 4 || Integer.parseInt(significant, 16) > max) {
      throw new ValueProblem(
          "has a " + key + " '" + text + "' above the maximum " + Integer.toHexString(max));
    }
    return Integer.parseInt(significant, 16);
  }

  /** The value of a hex text, or -1 when it is not hex or out of range. */
  int parseOrNone(String text) {
    try {
      return parse(text);
    } catch (ValueProblem notOneValue) {
      return -1;
    }
  }
}
