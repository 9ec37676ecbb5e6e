package org.vdpacompute.core.net;

import java.util.Locale;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;
import org.vdpacompute.core.InvalidValueException;

/**
 * A unicast Ethernet MAC address, printed {@code fa:16:3e:01:02:03}. Multicast addresses (the low
 * bit of the first octet set, broadcast included) are refused: libvirt will not give one to a guest
 * interface, and a port that carries one could never be plugged.
 */
public record MacAddress(String value) {

  private static final Pattern FORM = Pattern.compile("[0-9a-f]{2}(:[0-9a-f]{2}){5}");

  public MacAddress {
    String normal = value == null ? null : value.trim().toLowerCase(Locale.ROOT).replace('-', ':');
    if (normal == null || !FORM.matcher(normal).matches()) {
      throw new InvalidValueException(
          "'" + value + "' is not a MAC address of the form xx:xx:xx:xx:xx:xx");
    }
    if ((firstOctet(normal) & 0x01) != 0) {
      throw new InvalidValueException(
          "MAC address " + normal + " is multicast (the low bit of its first octet is set);"
              + " a guest interface needs a unicast address");
    }
    value = normal;
  }

  public static MacAddress parse(String text) {
    return new MacAddress(text);
  }

  /**
   * A random locally-administered unicast address: the first octet has its multicast bit clear and
   * its local bit set, so it can clash neither with a vendor's address nor with a group.
   */
  public static MacAddress random(RandomGenerator random) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 6; i++) {
      int octet = random.nextInt(256);
      if (i == 0) {
        octet = (octet & 0xfc) | 0x02;
      }
      if (i > 0) {
        text.append(':');
      }
      text.append(String.format("%02x", octet));
    }
    return new MacAddress(text.toString());
  }

  /** True for an address an administrator assigned rather than a vendor burnt in. */
  public boolean isLocallyAdministered() {
    return (firstOctet(value) & 0x02) != 0;
  }

  private static int firstOctet(String normal) {
    return Integer.parseInt(normal.substring(0, 2), 16);
  }

  @Override
  public String toString() {
    return value;
  }
}
