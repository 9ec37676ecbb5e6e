package org.vdpacompute.core.pci.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.vdpacompute.core.pci.DevType;
import org.vdpacompute.core.pci.NumaPolicy;

class PortRequestsTest {

  private static PciRequest request(VnicType type, String physnet, TrustedMode trusted) {
    return PortRequests.forPort("r1", "port-1", type, physnet, trusted, null, null).orElseThrow();
  }

  @Test
  void aVdpaPortAsksForOneVdpaDeviceOnTheNetworksPhysnet() {
    PciRequest r = request(VnicType.VDPA, "physnet4", TrustedMode.NOT_ASKED);
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
    assertThat(request(VnicType.DIRECT_PHYSICAL, "p", TrustedMode.NOT_ASKED).specs().get(0).devType()).isEqualTo(DevType.PF);
    for (VnicType t : new VnicType[] {VnicType.DIRECT, VnicType.MACVTAP, VnicType.VIRTIO_FORWARDER, VnicType.REMOTE_MANAGED}) {
      assertThat(request(t, "p", TrustedMode.NOT_ASKED).specs().get(0).devType()).as(t.apiName()).isEqualTo(DevType.VF);
    }
    assertThat(PortRequests.forPort("r", "p", VnicType.NORMAL, "p", TrustedMode.NOT_ASKED, null, null)).isEmpty();
  }

  @Test
  void onlyRemoteManagedPortsAskForRemoteManagedDevices() {
    assertThat(request(VnicType.REMOTE_MANAGED, "p", TrustedMode.NOT_ASKED).specs().get(0).asksRemoteManaged()).isTrue();
    assertThat(request(VnicType.DIRECT, "p", TrustedMode.NOT_ASKED).specs().get(0).asksRemoteManaged()).isFalse();
  }

  @Test
  void aTrustedPortAsksForATrustedVf() {
    assertThat(request(VnicType.DIRECT, "p", TrustedMode.TRUSTED).specs().get(0).get("trusted")).isEqualTo("true");
  }

  @Test
  void aPortThatSaysUntrustedAsksForAVfTaggedUntrusted() {
    // Issue 21: such a port asked nothing and could take a trusted VF.
    assertThat(request(VnicType.DIRECT, "p", TrustedMode.UNTRUSTED).specs().get(0).get("trusted")).isEqualTo("false");
  }

  @Test
  void theProfilesTrustedIsReadInAnyOsloSpelling() {
    assertThat(TrustedMode.fromProfile("p", "yes")).isEqualTo(TrustedMode.TRUSTED);
    assertThat(TrustedMode.fromProfile("p", 1)).isEqualTo(TrustedMode.TRUSTED);
    assertThat(TrustedMode.fromProfile("p", true)).isEqualTo(TrustedMode.TRUSTED);
    assertThat(TrustedMode.fromProfile("p", "Off")).isEqualTo(TrustedMode.UNTRUSTED);
    assertThat(TrustedMode.fromProfile("p", false)).isEqualTo(TrustedMode.UNTRUSTED);
    assertThat(TrustedMode.fromProfile("p", null)).isEqualTo(TrustedMode.NOT_ASKED);
  }

  @Test
  void aTrustedValueThatSpellsNoBooleanIsRefusedNamingPortAndValue() {
    assertThatThrownBy(() -> TrustedMode.fromProfile("port-9", "maybe"))
        .isInstanceOf(org.vdpacompute.core.InvalidValueException.class)
        .hasMessage("port port-9: binding:profile trusted 'maybe' is not a boolean"
            + " (true/false, yes/no, on/off, 1/0, y/n or t/f)");
  }

  @Test
  void aTunnelledNetworkAsksForDevicesWithNoPhysicalNetwork() {
    RequestSpec spec = request(VnicType.VDPA, null, TrustedMode.NOT_ASKED).specs().get(0);
    assertThat(spec.attributes()).containsEntry("physical_network", null);
  }

  @Test
  void thePortsNumaPolicyWinsOverTheFlavors() {
    PciRequest r = PortRequests.forPort("r", "p", VnicType.VDPA, "x", TrustedMode.NOT_ASKED, NumaPolicy.REQUIRED, NumaPolicy.PREFERRED).orElseThrow();
    assertThat(r.numaPolicy()).isEqualTo(NumaPolicy.REQUIRED);
    PciRequest f = PortRequests.forPort("r", "p", VnicType.VDPA, "x", TrustedMode.NOT_ASKED, null, NumaPolicy.PREFERRED).orElseThrow();
    assertThat(f.numaPolicy()).isEqualTo(NumaPolicy.PREFERRED);
    PciRequest d = PortRequests.forPort("r", "p", VnicType.VDPA, "x", TrustedMode.NOT_ASKED, null, null).orElseThrow();
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
