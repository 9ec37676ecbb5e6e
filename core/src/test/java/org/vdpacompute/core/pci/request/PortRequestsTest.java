package org.vdpacompute.core.pci.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.vdpacompute.core.pci.DevType;
import org.vdpacompute.core.pci.NumaPolicy;

class PortRequestsTest {

  private static PciRequest request(VnicType type, String physnet, boolean trusted) {
    return PortRequests.forPort("r1", "port-1", type, physnet, trusted, null, null).orElseThrow();
  }

  @Test
  void aVdpaPortAsksForOneVdpaDeviceOnTheNetworksPhysnet() {
    PciRequest r = request(VnicType.VDPA, "physnet4", false);
    assertThat(r.count()).isEqualTo(1);
    assertThat(r.requesterId()).isEqualTo("port-1");
    assertThat(r.specs()).singleElement().satisfies(s -> {
      assertThat(s.devType()).isEqualTo(DevType.VDPA);
      assertThat(s.get("physical_network")).isEqualTo("physnet4");
      assertThat(s.get("remote_managed")).isEqualTo("false");
      assertThat(s.attributes()).doesNotContainKey("trusted");
    });
  }

  @Test
  void eachVnicTypeAsksForItsDeviceType() {
    assertThat(request(VnicType.DIRECT_PHYSICAL, "p", false).specs().get(0).devType()).isEqualTo(DevType.PF);
    for (VnicType t : new VnicType[] {VnicType.DIRECT, VnicType.MACVTAP, VnicType.VIRTIO_FORWARDER, VnicType.REMOTE_MANAGED}) {
      assertThat(request(t, "p", false).specs().get(0).devType()).as(t.apiName()).isEqualTo(DevType.VF);
    }
    assertThat(PortRequests.forPort("r", "p", VnicType.NORMAL, "p", false, null, null)).isEmpty();
  }

  @Test
  void onlyRemoteManagedPortsAskForRemoteManagedDevices() {
    assertThat(request(VnicType.REMOTE_MANAGED, "p", false).specs().get(0).asksRemoteManaged()).isTrue();
    assertThat(request(VnicType.DIRECT, "p", false).specs().get(0).asksRemoteManaged()).isFalse();
  }

  @Test
  void aTrustedPortAsksForATrustedVf() {
    assertThat(request(VnicType.DIRECT, "p", true).specs().get(0).get("trusted")).isEqualTo("true");
  }

  @Test
  void aTunnelledNetworkAsksForDevicesWithNoPhysicalNetwork() {
    RequestSpec spec = request(VnicType.VDPA, null, false).specs().get(0);
    assertThat(spec.attributes()).containsEntry("physical_network", null);
  }

  @Test
  void thePortsNumaPolicyWinsOverTheFlavors() {
    PciRequest r = PortRequests.forPort("r", "p", VnicType.VDPA, "x", false, NumaPolicy.REQUIRED, NumaPolicy.PREFERRED).orElseThrow();
    assertThat(r.numaPolicy()).isEqualTo(NumaPolicy.REQUIRED);
    PciRequest f = PortRequests.forPort("r", "p", VnicType.VDPA, "x", false, null, NumaPolicy.PREFERRED).orElseThrow();
    assertThat(f.numaPolicy()).isEqualTo(NumaPolicy.PREFERRED);
    PciRequest d = PortRequests.forPort("r", "p", VnicType.VDPA, "x", false, null, null).orElseThrow();
    assertThat(d.numaPolicy()).isEqualTo(NumaPolicy.LEGACY);
    assertThat(NumaPolicy.effective(null, null, NumaPolicy.SOCKET)).isEqualTo(NumaPolicy.SOCKET);
  }

  @Test
  void anUnknownVnicTypeIsAClearError() {
    assertThatThrownBy(() -> VnicType.fromApiName("smart-nic"))
        .isInstanceOf(UnknownVnicTypeException.class)
        .hasMessageContaining("'smart-nic'")
        .hasMessageContaining("vdpa");
  }
}
