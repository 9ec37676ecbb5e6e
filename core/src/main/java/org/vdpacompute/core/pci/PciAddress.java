package org.vdpacompute.core.pci;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.vdpacompute.core.InvalidValueException;

/**
 * A PCI address {@code dddd:bb:ss.f}: domain (16 bits), bus (8 bits), slot (5 bits), function (3
 * bits). Always printed in lowercase with full width, the form libvirt and sysfs use.
 */
public record PciAddress(int domain, int bus, int slot, int function) implements Comparable<PciAddress> {

  public static final int MAX_DOMAIN = 0xFFFF;
  public static final int MAX_BUS = 0xFF;
  public static final int MAX_SLOT = 0x1F;
  public static final int MAX_FUNCTION = 0x7;

  private static final Pattern FORM =
      Pattern.compile("([0-9a-fA-F]{4}):([0-9a-fA-F]{2}):([0-9a-fA-F]{2})\\.([0-7])");

  public PciAddress {
    check("domain", domain, MAX_DOMAIN);
    check("bus", bus, MAX_BUS);
    check("slot", slot, MAX_SLOT);
    check("function", function, MAX_FUNCTION);
  }

  private static void check(String part, int value, int max) {
    if (value < 0 || value > max) {
      throw new InvalidValueException(
          "PCI address " + part + " " + value + " is out of range 0.." + Integer.toHexString(max));
    }
  }

  /** Parses {@code dddd:bb:ss.f}; anything else is refused with the offending text. */
  public static PciAddress parse(String text) {
    if (text == null) {
      throw new InvalidValueException("PCI address is missing");
    }
    Matcher m = FORM.matcher(text.trim());
    if (!m.matches()) {
      throw new InvalidValueException("'" + text + "' is not a PCI address of the form dddd:bb:ss.f");
    }
    return new PciAddress(
        Integer.parseInt(m.group(1), 16),
        Integer.parseInt(m.group(2), 16),
        Integer.parseInt(m.group(3), 16),
        Integer.parseInt(m.group(4), 16));
  }

  @Override
  public int compareTo(PciAddress o) {
    int c = Integer.compare(domain, o.domain);
    if (c == 0) c = Integer.compare(bus, o.bus);
    if (c == 0) c = Integer.compare(slot, o.slot);
    if (c == 0) c = Integer.compare(function, o.function);
    return c;
  }

  @Override
  public String toString() {
    // By hand rather than String.format, whose parsing of the pattern was most of a device save's cost.
    char[] text = new char[12];
    hex(text, 0, domain, 4);
    text[4] = ':';
    hex(text, 5, bus, 2);
    text[7] = ':';
    hex(text, 8, slot, 2);
    text[10] = '.';
    hex(text, 11, function, 1);
    return new String(text);
  }

  private static void hex(char[] into, int at, int value, int digits) {
    for (int i = digits - 1; i >= 0; i--) {
      into[at + i] = Character.forDigit(value & 0xF, 16);
      value >>>= 4;
    }
  }
}
