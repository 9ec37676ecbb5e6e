package org.vdpacompute.core.pci.spec;

import java.util.Optional;
import org.vdpacompute.core.pci.PciAddress;

/**
 * A glob address {@code [[[[domain]:]bus]:][slot][.[function]]}: a field left out, empty or
 * {@code *} matches any value; the fields given are hex numbers as Nova reads them ({@link
 * HexNumber}) within the PCI limits. Missing fields are taken from the left, so {@code 0a:00.1} means
 * any domain, bus 0a, slot 00, function 1. A negative field (Nova accepts {@code .-1}) matches nothing.
 *
 * @param domain null for any, likewise the other fields
 */
record GlobAddress(Integer domain, Integer bus, Integer slot, Integer function)
    implements AddressPattern {

  private static final String ANY = "*";

  /**
   * Parses a glob, as Nova's {@code PciAddressGlobSpec}: the text up to the first dot holds at most
   * three colon-separated fields, the rest is the function.
   *
   * @throws ValueProblem if a field is not hex or {@code *}, is above its maximum, or there are too many
   */
  static GlobAddress parse(String text) {
    int dot = text.indexOf('.');
    String beforeDot = dot < 0 ? text : text.substring(0, dot);
    String afterDot = dot < 0 ? "" : text.substring(dot + 1);
    String[] given = beforeDot.split(":", -1);
    if (given.length > 3) {
      throw new ValueProblem("has more than three fields (domain:bus:slot) before the function");
    }
    String[] dbs = {ANY, ANY, ANY};
    System.arraycopy(given, 0, dbs, 3 - given.length, given.length);
    return new GlobAddress(
        field(AddressField.DOMAIN, dbs[0]),
        field(AddressField.BUS, dbs[1]),
        field(AddressField.SLOT, dbs[2]),
        function(afterDot));
  }

  private static Integer field(AddressField field, String raw) {
    String text = raw.strip();
    return text.isEmpty() || text.equals(ANY) ? null : field.parse(text);
  }

  /** Nova takes an empty function as any, but blanks after the dot as a function that is not hex. */
  private static Integer function(String raw) {
    String text = raw.strip();
    return raw.isEmpty() || text.equals(ANY) ? null : AddressField.FUNCTION.parse(text);
  }

  @Override
  public boolean matches(PciAddress address) {
    return fits(domain, address.domain())
        && fits(bus, address.bus())
        && fits(slot, address.slot())
        && fits(function, address.function());
  }

  private static boolean fits(Integer wanted, int actual) {
    return wanted == null || wanted == actual;
  }

  @Override
  public Optional<PciAddress> single() {
    if (domain == null || bus == null || slot == null || function == null
        || domain < 0 || bus < 0 || slot < 0 || function < 0) {
      return Optional.empty();
    }
    return Optional.of(new PciAddress(domain, bus, slot, function));
  }

  /** The canonical glob, every field present: {@code *:0a:00.*}. */
  @Override
  public String toString() {
    return show(domain, 4) + ":" + show(bus, 2) + ":" + show(slot, 2) + "." + show(function, 1);
  }

  private static String show(Integer value, int width) {
    return value == null ? ANY : HexNumber.print(value, width);
  }
}
