package org.vdpacompute.core.pci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.vdpacompute.core.InvalidValueException;

class PciAddressTest {
  @Test
  void everyAddressIsWrittenInLowerCaseHexAndReadBack() {
    for (int domain : new int[] {0, 0x1, 0xa, 0x10, 0xabc, 0xffff}) {
      for (int bus = 0; bus <= PciAddress.MAX_BUS; bus++) {
        for (int slot = 0; slot <= PciAddress.MAX_SLOT; slot++) {
          for (int function = 0; function <= PciAddress.MAX_FUNCTION; function++) {
            PciAddress a = new PciAddress(domain, bus, slot, function);
            String text = a.toString();
            assertThat(text).isEqualTo(String.format("%04x:%02x:%02x.%x", domain, bus, slot, function));
            assertThat(PciAddress.parse(text)).isEqualTo(a);
          }
        }
      }
    }
  }

  @Test
  void aPartOutOfRangeIsRefused() {
    assertThatThrownBy(() -> new PciAddress(0, 0, PciAddress.MAX_SLOT + 1, 0)).isInstanceOf(InvalidValueException.class);
  }
}
