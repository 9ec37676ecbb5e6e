package org.vdpacompute.core.pci.spec;

import java.math.BigInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A hex number as Nova reads device_spec ids and address fields: with Python's {@code int(text,
 * 16)}, which takes surrounding blanks, a sign, a {@code 0x} prefix and single underscores between
 * digits ({@code " 0x15b3"}, {@code "15_b3"}, {@code "+a"}). A negative value parses, and selects
 * no device, as in Nova, where it prints as {@code -001} and equals no device's field.
 */
final class HexNumber {
  private static final Pattern FORM =
      Pattern.compile("([+-]?)(?:0[xX]_?)?([0-9a-fA-F](?:_?[0-9a-fA-F])*)");
  /** Beyond any field or id: values are only compared with maxima of at most 0xffff. */
  private static final long HUGE = Long.MAX_VALUE;

  private HexNumber() {}

  /**
   * The value of {@code text}; very large magnitudes are clamped, which keeps them above every maximum.
   *
   * @throws NumberFormatException when the text is not a hex number for Python either
   */
  static long parse(String text) {
    Matcher m = FORM.matcher(text.strip());
    if (!m.matches()) {
      throw new NumberFormatException(text);
    }
    BigInteger magnitude = new BigInteger(m.group(2).replace("_", ""), 16);
    long value = magnitude.bitLength() < 63 ? magnitude.longValue() : HUGE;
    return m.group(1).equals("-") ? -value : value;
  }

  /** How Nova prints a parsed value ({@code '%04x' % v}): lowercase, zero-padded, a sign counted in the width. */
  static String print(long value, int width) {
    String digits = Long.toHexString(Math.abs(value));
    String sign = value < 0 ? "-" : "";
    int pad = width - sign.length() - digits.length();
    return sign + (pad > 0 ? "0".repeat(pad) : "") + digits;
  }
}
