package org.vdpacompute.sysfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The serial number in PCI VPD: on the ConnectX-6 Dx VPD of host-check's switchdev fixture, and on
 * VPD as cards get it wrong.
 */
class PciVpdTest {
  private static final Path CONNECTX6_DX =
      Path.of("../hostcheck/src/test/hosts/mlx5-switchdev-vdpa/sys/bus/pci/devices/0000:06:00.0/vpd");

  /** An identifier string, a VPD-R with the given keywords and a correct RV checksum, the end tag. */
  private static byte[] vpd(String... keywordsAndValues) {
    ByteArrayOutputStream fields = new ByteArrayOutputStream();
    for (int i = 0; i < keywordsAndValues.length; i += 2) {
      byte[] value = keywordsAndValues[i + 1].getBytes(StandardCharsets.ISO_8859_1);
      fields.writeBytes(keywordsAndValues[i].getBytes(StandardCharsets.US_ASCII));
      fields.write(value.length);
      fields.writeBytes(value);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] name = "card".getBytes(StandardCharsets.US_ASCII);
    out.write(0x82);
    out.write(name.length);
    out.write(0);
    out.writeBytes(name);
    int readOnlyLength = fields.size() + 4;
    out.write(0x90);
    out.write(readOnlyLength & 0xFF);
    out.write(readOnlyLength >> 8);
    out.writeBytes(fields.toByteArray());
    out.writeBytes(new byte[] {'R', 'V', 1});
    int sum = 0;
    for (byte b : out.toByteArray()) {
      sum += b & 0xFF;
    }
    out.write(-sum & 0xFF);
    out.write(0x78);
    return out.toByteArray();
  }

  @Test
  void theConnectX6DxCardsSerialIsItsReadOnlySnKeyword() throws Exception {
    assertThat(PciVpd.serialNumber(Files.readAllBytes(CONNECTX6_DX))).hasValue("MT2143X07123");
  }

  @Test
  void paddingAroundTheSerialIsTrimmed() {
    assertThat(PciVpd.serialNumber(vpd("PN", "X", "SN", " SN-1 \0\0"))).hasValue("SN-1");
  }

  @Test
  void aReadOnlyResourceWithoutSerialHasNone() {
    assertThat(PciVpd.serialNumber(vpd("PN", "X", "EC", "A1"))).isEmpty();
  }

  @Test
  void aFailedChecksumIsNotTrusted() {
    byte[] data = vpd("SN", "SN-1");
    data[data.length - 2]++;

    assertThat(PciVpd.serialNumber(data)).isEmpty();
  }

  @Test
  void aSerialThatIsNotPrintableIsNone() {
    assertThat(PciVpd.serialNumber(vpd("SN", "\u0001\u0002"))).isEmpty();
  }

  @Test
  void lengthsPastTheEndStopTheReadingInsteadOfFailing() throws Exception {
    byte[] whole = Files.readAllBytes(CONNECTX6_DX);
    for (int cut = 0; cut < whole.length - 1; cut++) {
      byte[] truncated = Arrays.copyOf(whole, cut);
      // Through the checksum, the serial is trusted; cut before it, it cannot be.
      assertThat(PciVpd.serialNumber(truncated)).as("cut at %d", cut).isEmpty();
    }
    assertThat(PciVpd.serialNumber(new byte[] {(byte) 0x90, (byte) 0xFF, (byte) 0xFF, 'S', 'N'})).isEmpty();
  }

  @Test
  void anErasedEepromHasNoSerial() {
    byte[] erased = new byte[256];
    Arrays.fill(erased, (byte) 0xFF);

    assertThat(PciVpd.serialNumber(erased)).isEmpty();
    assertThat(PciVpd.serialNumber(new byte[0])).isEmpty();
  }

  @Test
  void aVpdWithoutReadOnlyResourceEndsAtItsEndTag() {
    assertThat(PciVpd.serialNumber(new byte[] {(byte) 0x82, 1, 0, 'x', 0x78, (byte) 0x90, 8, 0})).isEmpty();
  }
}
