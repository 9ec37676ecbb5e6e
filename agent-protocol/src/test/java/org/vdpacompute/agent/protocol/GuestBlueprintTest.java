package org.vdpacompute.agent.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.vdpacompute.core.InvalidValueException;
import org.vdpacompute.core.net.MacAddress;
import org.vdpacompute.core.pci.PciAddress;
import org.vdpacompute.core.pci.VdpaDevice;
import org.vdpacompute.core.pci.request.VnicType;

class GuestBlueprintTest {
  private static final GuestBlueprint.Device VF =
      new GuestBlueprint.Device(PciAddress.parse("0000:06:00.2"), null, "enp6s0f0v1");
  private static final GuestBlueprint.Device VDPA_VF =
      new GuestBlueprint.Device(PciAddress.parse("0000:06:00.3"), new VdpaDevice("vdpa2", "/dev/vhost-vdpa-2"), null);
  private static final UUID IMAGE = UUID.fromString("33333333-0000-0000-0000-000000000003");
  private static final URI DESTINATION = URI.create("http://127.0.0.1:1");

  private static GuestBlueprint.Nic nic(VnicType vnicType, GuestBlueprint.Device device) {
    return new GuestBlueprint.Nic(UUID.randomUUID(), vnicType, MacAddress.parse("fa:16:3e:00:00:01"), null, device);
  }

  private static GuestBlueprint guest(List<GuestBlueprint.Nic> nics) {
    return new GuestBlueprint(UUID.fromString("11111111-0000-0000-0000-000000000001"), "instance-1",
        new GuestBlueprint.Size("m1.vdpa", 1, 512, 1), IMAGE, List.of(), nics, List.of(PciAddress.parse("0000:07:00.0")));
  }

  @Test
  void devicesTheGuestReachesItselfArePassthroughAndMacvtapAndNormalPortsAreNot() {
    assertThat(nic(VnicType.VDPA, VDPA_VF).passthrough()).isTrue();
    for (VnicType type : List.of(VnicType.DIRECT, VnicType.DIRECT_PHYSICAL, VnicType.VIRTIO_FORWARDER,
        VnicType.REMOTE_MANAGED)) {
      assertThat(nic(type, VF).passthrough()).as(type.apiName()).isTrue();
    }
    assertThat(nic(VnicType.MACVTAP, VF).passthrough()).isFalse();
    assertThat(nic(VnicType.NORMAL, null).passthrough()).isFalse();
    assertThat(nic(VnicType.DIRECT, null).passthrough()).as("a port without a device has nothing to unplug").isFalse();
  }

  @Test
  void withoutPassthroughNicsKeepsTheOthersInOrderAndTheFlavorsDevices() {
    GuestBlueprint.Nic normal = nic(VnicType.NORMAL, null);
    GuestBlueprint.Nic vdpa = nic(VnicType.VDPA, VDPA_VF);
    GuestBlueprint.Nic macvtap = nic(VnicType.MACVTAP, VF);
    GuestBlueprint guest = guest(List.of(normal, vdpa, macvtap));
    assertThat(guest.passthroughNics()).containsExactly(vdpa);
    GuestBlueprint travelling = guest.withoutPassthroughNics();
    assertThat(travelling.nics()).containsExactly(normal, macvtap);
    assertThat(travelling.hostdevs()).containsExactly(PciAddress.parse("0000:07:00.0"));
    assertThat(travelling.uuid()).isEqualTo(guest.uuid());
  }

  @Test
  void aLiveMigrationNamesOneGuestAndWhereItGoes() {
    GuestBlueprint guest = guest(List.of());
    assertThat(new LiveMigrationRequest(guest, "compute-1", DESTINATION, guest).destHost()).isEqualTo("compute-1");
    GuestBlueprint other = new GuestBlueprint(UUID.fromString("22222222-0000-0000-0000-000000000002"), "instance-2",
        guest.size(), IMAGE, List.of(), List.of(), List.of());
    assertThatThrownBy(() -> new LiveMigrationRequest(guest, "compute-1", DESTINATION, other))
        .isInstanceOf(InvalidValueException.class).hasMessageContaining(other.uuid().toString());
    assertThatThrownBy(() -> new LiveMigrationRequest(guest, " ", DESTINATION, guest))
        .isInstanceOf(InvalidValueException.class).hasMessageContaining("destination host");
  }
}
