package org.vdpacompute.controller.network;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;
import org.vdpacompute.core.InvalidValueException;

/** An IPv4 or IPv6 subnet {@code address/prefix} whose host bits are zero. */
public record Cidr(BigInteger network, int prefix, int version) {
  private static final Pattern V4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  public static Cidr parse(String text) {
    int slash = text == null ? -1 : text.indexOf('/');
    if (slash < 0) {
      throw new InvalidValueException("'" + text + "' is not a CIDR of the form address/prefix");
    }
    BigInteger address = toNumber(text.substring(0, slash), "cidr");
    int version = text.contains(":") ? 6 : 4;
    int bits = version == 4 ? 32 : 128;
    int prefix;
    try {
      prefix = Integer.parseInt(text.substring(slash + 1));
    } catch (NumberFormatException e) {
      throw new InvalidValueException("'" + text + "' has no numeric prefix length");
    }
    if (prefix < 0 || prefix > bits) {
      throw new InvalidValueException("'" + text + "': prefix length must be 0 to " + bits);
    }
    BigInteger hostMask = BigInteger.ONE.shiftLeft(bits - prefix).subtract(BigInteger.ONE);
    if (!address.and(hostMask).equals(BigInteger.ZERO)) {
      BigInteger net = address.andNot(hostMask);
      throw new InvalidValueException("'" + text + "' isn't a recognized IP subnet cidr, '"
          + format(net, version) + "/" + prefix + "' is recommended");
    }
    return new Cidr(address, prefix, version);
  }

  public int bits() {
    return version == 4 ? 32 : 128;
  }

  public BigInteger first() {
    return network;
  }

  public BigInteger last() {
    return network.add(BigInteger.ONE.shiftLeft(bits() - prefix)).subtract(BigInteger.ONE);
  }

  public boolean contains(BigInteger address) {
    return address.compareTo(first()) >= 0 && address.compareTo(last()) <= 0;
  }

  /** An address as a number; the field name is for the message. */
  static BigInteger toNumber(String address, String field) {
    String a = address == null ? "" : address.trim();
    if (!(V4.matcher(a).matches() || (a.contains(":") && a.matches("[0-9a-fA-F:.]+")))) {
      throw new InvalidValueException(field + " '" + address + "' is not an IP address");
    }
    try {
      return new BigInteger(1, InetAddress.getByName(a).getAddress());
    } catch (UnknownHostException e) {
      throw new InvalidValueException(field + " '" + address + "' is not an IP address");
    }
  }

  static String format(BigInteger number, int version) {
    int bytes = version == 4 ? 4 : 16;
    byte[] raw = number.toByteArray();
    byte[] fixed = new byte[bytes];
    int copy = Math.min(raw.length, bytes);
    System.arraycopy(raw, raw.length - copy, fixed, bytes - copy, copy);
    try {
      String text = InetAddress.getByAddress(fixed).getHostAddress();
      return version == 6 ? compress(text) : text;
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Java prints IPv6 in full; clients expect the compressed form ({@code fd00::1}). */
  private static String compress(String full) {
    String[] groups = full.split(":");
    int bestStart = -1;
    int bestLen = 0;
    for (int i = 0; i < groups.length; ) {
      if (Integer.parseInt(groups[i], 16) != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < groups.length && Integer.parseInt(groups[j], 16) == 0) j++;
      if (j - i > bestLen && j - i > 1) {
        bestStart = i;
        bestLen = j - i;
      }
      i = j;
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < groups.length; i++) {
      if (i == bestStart) {
        out.append(i == 0 ? "::" : ":");
        i += bestLen - 1;
        continue;
      }
      out.append(Integer.toHexString(Integer.parseInt(groups[i], 16)));
      if (i < groups.length - 1) out.append(':');
    }
    return out.toString();
  }

  @Override
  public String toString() {
    return format(network, version) + "/" + prefix;
  }
}
