package org.vdpacompute.core.pci.spec;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.vdpacompute.core.pci.PciAddress;

/**
 * An address given as an object of regular expressions, one per field ({@code domain}, {@code
 * bus}, {@code slot}, {@code function}; a field left out matches anything, and other keys are
 * ignored, as Nova ignores them). As in Nova's {@code PciAddressRegexSpec}, each expression must
 * match at the start of the field's printed form (lowercase hex, zero-padded: {@code 0000}, {@code
 * 0a}, {@code 00}, {@code 5}), not necessarily all of it.
 *
 * <p>When all four fields are written exactly as the host prints them ({@code 0000}, {@code 06},
 * {@code 00}, {@code 0}), the object also names a single address, through which the VFs of a PF
 * match (see {@link AddressPattern}): Nova asks sysfs whether the address so written is a PF, and
 * sysfs knows only that form. The device's own address is still matched by the expressions.
 *
 * @param patterns the expression of each field given
 * @param singleAddress the one address named, or null
 */
record RegexAddress(Map<AddressField, Pattern> patterns, PciAddress singleAddress)
    implements AddressPattern {

  RegexAddress {
    patterns = Map.copyOf(patterns);
  }

  /**
   * Compiles the expressions of the address fields among {@code fields}; other keys are ignored.
   *
   * @throws ValueProblem naming the field if an expression does not compile
   */
  static RegexAddress parse(Map<String, String> fields) {
    Map<AddressField, Pattern> patterns = new EnumMap<>(AddressField.class);
    Map<AddressField, String> texts = new EnumMap<>(AddressField.class);
    for (AddressField field : AddressField.values()) {
      String text = fields.get(field.key);
      if (text == null) {
        continue;
      }
      try {
        patterns.put(field, Pattern.compile(text));
      } catch (PatternSyntaxException bad) {
        throw new ValueProblem(
            field.key, "is not a valid regular expression: " + bad.getDescription());
      }
      texts.put(field, text);
    }
    return new RegexAddress(patterns, namedAddress(texts));
  }

  /** Whether the key is one of the address fields, the only keys Nova reads of the object. */
  static boolean isField(String key) {
    for (AddressField f : AddressField.values()) {
      if (f.key.equals(key)) {
        return true;
      }
    }
    return false;
  }

  private static PciAddress namedAddress(Map<AddressField, String> texts) {
    int[] values = new int[4];
    for (AddressField f : AddressField.values()) {
      String text = texts.get(f);
      if (text == null || !f.isCanonical(text)) {
        return null;
      }
      values[f.ordinal()] = Integer.parseInt(text, 16);
    }
    return new PciAddress(values[0], values[1], values[2], values[3]);
  }

  @Override
  public boolean matches(PciAddress address) {
    for (Map.Entry<AddressField, Pattern> e : patterns.entrySet()) {
      if (!e.getValue().matcher(e.getKey().text(address)).lookingAt()) {
        return false;
      }
    }
    return true;
  }

  @Override
  public Optional<PciAddress> single() {
    return Optional.ofNullable(singleAddress);
  }

  /** The expressions as configured, {@code .*} for a field left out. */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder("{");
    for (AddressField f : AddressField.values()) {
      Pattern p = patterns.get(f);
      out.append(f.ordinal() == 0 ? "" : ", ")
          .append(f.key)
          .append(": ")
          .append(p == null ? ".*" : p.pattern());
    }
    return out.append('}').toString();
  }
}
