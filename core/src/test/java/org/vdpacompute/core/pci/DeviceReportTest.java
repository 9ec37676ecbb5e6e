package org.vdpacompute.core.pci;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeviceReportTest {
  private static DeviceReport vfOfAnotherHost() {
    PciAddress pf = PciAddress.parse("0000:06:00.0");
    return new DeviceReport(PciAddress.parse("0000:06:00.1"), new VendorProduct("15b3", "101e"), DevType.VF, pf, 0,
        new String("mlx5_core".toCharArray()), new String("enp6s0f0v0".toCharArray()), null, null);
  }

  @Test
  void reportsOfManyHostsShareTheirAddressesIdsAndNames() {
    DeviceReport first = vfOfAnotherHost();
    DeviceReport second = vfOfAnotherHost();
    assertThat(second).isEqualTo(first);
    assertThat(second.address()).isSameAs(first.address());
    assertThat(second.parentAddress()).isSameAs(first.parentAddress());
    assertThat(second.ids()).isSameAs(first.ids());
    assertThat(second.driver()).isSameAs(first.driver());
    assertThat(second.ifname()).isSameAs(first.ifname());
  }

  @Test
  void vdpaDevicesOfManyHostsAreOneObject() {
    PciAddress pf = PciAddress.parse("0000:06:00.0");
    DeviceReport first = DeviceReport.vdpa(PciAddress.parse("0000:06:00.1"), new VendorProduct("15b3", "101e"), pf, 0,
        new VdpaDevice("vdpa0", "/dev/vhost-vdpa-0"));
    DeviceReport second = DeviceReport.vdpa(PciAddress.parse("0000:06:00.1"), new VendorProduct("15b3", "101e"), pf, 0,
        new VdpaDevice("vdpa0", "/dev/vhost-vdpa-0"));
    assertThat(second.vdpa()).isSameAs(first.vdpa());
  }
}
