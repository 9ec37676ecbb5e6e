package org.vdpacompute.sysfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.vdpacompute.core.pci.PciAddress;
import org.vdpacompute.core.pci.VendorProduct;

/** Finding representors as os-vif does, on hosts described as data. */
class SysfsTest {
  private static final VendorProduct CX6 = VendorProduct.parse("15b3:101d");
  private static final VendorProduct CX6_VF = VendorProduct.parse("15b3:101e");
  private static final PciAddress PF0 = PciAddress.parse("0000:06:00.0");
  private static final PciAddress PF1 = PciAddress.parse("0000:06:00.1");
  private static final PciAddress VF = PciAddress.parse("0000:06:00.3");
  private static final PciAddress VF_OF_PF1 = PciAddress.parse("0000:06:08.3");

  private static PciFunction pf(PciAddress address, String netdev) {
    return new PciFunction(address, CX6, "mlx5_core", 0, 1, List.of(netdev), 8, 2, null, null, null);
  }

  private static PciFunction vf(PciAddress address, PciAddress pf, int index) {
    return new PciFunction(address, CX6_VF, "mlx5_core", 0, 2, List.of(), null, null, pf, index, null);
  }

  private static Sysfs host(List<NetDevice> netdevs) {
    return new Sysfs(Set.of(), true, 4,
        List.of(pf(PF0, "p0up"), pf(PF1, "p1up"), vf(VF, PF0, 1), vf(VF_OF_PF1, PF1, 1)), netdevs, List.of());
  }

  @Test
  void theRepresentorIsTheNetdevOfThePfsSwitchNamingPfAndVf() {
    Sysfs s = host(List.of(
        new NetDevice("p0up", PF0, "aa", "p0"), new NetDevice("p1up", PF1, "aa", "p1"),
        new NetDevice("rep-pf0vf1", PF0, "aa", "pf0vf1"), new NetDevice("rep-pf1vf1", PF1, "aa", "pf1vf1"),
        new NetDevice("rep-pf0vf0", PF0, "aa", "pf0vf0"), new NetDevice("other-switch", null, "bb", "pf0vf1")));

    assertThat(s.representorOf(VF)).hasValue("rep-pf0vf1");
    assertThat(s.representorOf(VF_OF_PF1)).hasValue("rep-pf1vf1");
    assertThat(s.switchdev(s.function(PF0).orElseThrow())).isTrue();
  }

  @Test
  void olderDriversNameTheVfAlone() {
    Sysfs s = host(List.of(new NetDevice("p0up", PF0, "aa", "p0"), new NetDevice("eth7", PF0, "aa", "1")));

    assertThat(s.representorOf(VF)).hasValue("eth7");
  }

  @Test
  void aPfInLegacyModeHasNoRepresentors() {
    Sysfs s = host(List.of(new NetDevice("p0up", PF0, null, null), new NetDevice("eth7", PF0, null, "pf0vf1")));

    assertThat(s.representorOf(VF)).isEmpty();
    assertThat(s.switchdev(s.function(PF0).orElseThrow())).isFalse();
    assertThat(s.representorOf(PF0)).isEmpty();
  }
}
