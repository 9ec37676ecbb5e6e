package org.vdpacompute.virt.libvirt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.vdpacompute.core.InvalidValueException;
import org.vdpacompute.virt.NumaCell;

class CapabilitiesParserTest {

  private static String caps(String cells, String guestDomains) {
    return "<capabilities><host><cpu><arch>x86_64</arch></cpu><topology>" + cells + "</topology></host>"
        + "<guest><os_type>hvm</os_type><arch name='x86_64'>" + guestDomains + "</arch></guest>"
        + "</capabilities>";
  }

  private static String cpus(int first, int count) {
    StringBuilder b = new StringBuilder("<cpus num='" + count + "'>");
    for (int i = first; i < first + count; i++) {
      b.append("<cpu id='").append(i).append("' socket_id='0' core_id='").append(i).append("' siblings='")
          .append(i).append("'/>");
    }
    return b.append("</cpus>").toString();
  }

  @Test
  void cellsGiveIdCpuCountAndMemoryInMebibytes() {
    String xml = caps("<cells num='2'>"
        + "<cell id='1'><memory unit='KiB'>4194304</memory>" + cpus(8, 8) + "</cell>"
        + "<cell id='0'><memory unit='KiB'>16777216</memory>" + cpus(0, 8) + "</cell>"
        + "</cells>", "<domain type='qemu'/>");

    assertThat(CapabilitiesParser.numaCells(xml))
        .containsExactly(new NumaCell(0, 8, 16384), new NumaCell(1, 8, 4096));
  }

  @Test
  void memoryOnlyCellsAreLeftOut() {
    String xml = caps("<cells num='2'>"
        + "<cell id='0'><memory unit='KiB'>1048576</memory>" + cpus(0, 2) + "</cell>"
        + "<cell id='1'><memory unit='KiB'>1048576</memory><cpus num='0'/></cell>"
        + "</cells>", "");

    assertThat(CapabilitiesParser.numaCells(xml)).containsExactly(new NumaCell(0, 2, 1024));
  }

  @Test
  void hostWithoutTopologyHasNoCells() {
    assertThat(CapabilitiesParser.numaCells(caps("<cells num='0'></cells>", ""))).isEmpty();
  }

  @Test
  void memoryInAnUnknownUnitIsRefused() {
    String xml = caps("<cells num='1'><cell id='0'><memory unit='furlong'>3</memory>" + cpus(0, 1)
        + "</cell></cells>", "");

    assertThatThrownBy(() -> CapabilitiesParser.numaCells(xml))
        .isInstanceOf(InvalidValueException.class)
        .hasMessageContaining("furlong");
  }

  @Test
  void qemuHostThatOffersKvmDomainsIsKvm() {
    String kvm = caps("", "<domain type='qemu'/><domain type='kvm'/>");
    String tcgOnly = caps("", "<domain type='qemu'/>");

    assertThat(LibvirtHostFacts.type("QEMU", kvm)).isEqualTo("kvm");
    assertThat(LibvirtHostFacts.type("QEMU", tcgOnly)).isEqualTo("qemu");
    assertThat(LibvirtHostFacts.type("TEST", kvm)).isEqualTo("test");
  }
}
