package org.vdpacompute.sysfs;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The card serial number in a PCI function's Vital Product Data, as {@code /sys/bus/pci/devices/ADDR/vpd}
 * gives it: the {@code SN} keyword of the read-only (VPD-R) resource.
 *
 * <p>The format (PCI Local Bus 3.0, appendix I; PCIe Base, "Vital Product Data") is a list of
 * resources. A large resource is a tag byte with bit 7 set ({@code 0x82} the identifier string,
 * {@code 0x90} VPD-R, {@code 0x91} VPD-W), a 16-bit little-endian length and its data; a small one
 * packs its name in bits 6-3 and its length in bits 2-0, and the one named {@code 0xF} ends the
 * list. VPD-R holds keywords: two ASCII characters, a length byte, the value; its {@code RV}
 * keyword's first byte makes the sum of every byte from the start through it zero.
 *
 * <p>Cards get this wrong, and the kernel passes on what the card has: a list without an end tag,
 * lengths running past the data, erased EEPROMs of {@code 0xFF}. So nothing is trusted: a length
 * past the end stops the reading, a VPD-R whose checksum fails gives no serial (as libvirt, whose
 * VPD Nova reads, rejects it), and a serial that is not printable ASCII is no serial.
 */
public final class PciVpd {
  private static final int LARGE = 0x80;
  private static final int READ_ONLY = 0x10;
  private static final int SMALL_END = 0x0F;

  private PciVpd() {}

  /** The {@code SN} value, trimmed; empty when the data has none that can be trusted. */
  public static Optional<String> serialNumber(byte[] vpd) {
    int at = 0;
    while (at < vpd.length) {
      int tag = vpd[at] & 0xFF;
      if ((tag & LARGE) == 0) {
        if (((tag >> 3) & 0x0F) == SMALL_END) {
          return Optional.empty();
        }
        at += 1 + (tag & 0x07);
        continue;
      }
      if (at + 3 > vpd.length) {
        return Optional.empty();
      }
      int length = (vpd[at + 1] & 0xFF) | (vpd[at + 2] & 0xFF) << 8;
      int data = at + 3;
      if (data + length > vpd.length) {
        return Optional.empty();
      }
      if ((tag & 0x7F) == READ_ONLY) {
        return readOnlySerial(vpd, data, data + length);
      }
      at = data + length;
    }
    return Optional.empty();
  }

  /** The serial of the VPD-R resource's keywords at {@code [from, to)}, once its checksum holds. */
  private static Optional<String> readOnlySerial(byte[] vpd, int from, int to) {
    String serial = null;
    boolean checked = false;
    int at = from;
    while (at + 3 <= to) {
      char k0 = (char) (vpd[at] & 0xFF);
      char k1 = (char) (vpd[at + 1] & 0xFF);
      int length = vpd[at + 2] & 0xFF;
      int value = at + 3;
      if (value + length > to) {
        break;
      }
      if (k0 == 'S' && k1 == 'N') {
        serial = text(vpd, value, length);
      } else if (k0 == 'R' && k1 == 'V') {
        if (length < 1 || !sumsToZero(vpd, value)) {
          return Optional.empty();
        }
        checked = true;
        break;
      }
      at = value + length;
    }
    return checked ? Optional.ofNullable(serial) : Optional.empty();
  }

  /** Whether the bytes from the start of the VPD through the checksum byte at {@code checksum} sum to 0. */
  private static boolean sumsToZero(byte[] vpd, int checksum) {
    int sum = 0;
    for (int i = 0; i <= checksum; i++) {
      sum += vpd[i] & 0xFF;
    }
    return (sum & 0xFF) == 0;
  }

  /** Printable ASCII with padding (spaces, NULs) trimmed; null for anything else or nothing. */
  private static String text(byte[] vpd, int from, int length) {
    for (int i = from; i < from + length; i++) {
      int b = vpd[i] & 0xFF;
      if (b != 0 && (b < 0x20 || b > 0x7E)) {
        return null;
      }
    }
    String text = new String(vpd, from, length, StandardCharsets.US_ASCII).replace('\0', ' ').strip();
    return text.isEmpty() ? null : text;
  }
}
