package org.vdpacompute.core.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vdpacompute.core.InvalidValueException;
import org.vdpacompute.core.pci.VdpaDevice;

class GuestBlueprintTest {
  private static final GuestBlueprint.Device VF = new GuestBlueprint.Device("0000:06:00.2", null, "enp6s0f0v1");
  private static final GuestBlueprint.Device VDPA_VF =
      new GuestBlueprint.Device("0000:06:00.3", new VdpaDevice("vdpa2", "/dev/vhost-vdpa-2"), null);

  private static GuestBlueprint.Nic nic(String vnicType, GuestBlueprint.Device device) {
    return new GuestBlueprint.Nic("port-" + vnicType, vnicType, "fa:16:3e:00:00:01", null, device);
  }

  private static GuestBlueprint guest(List<GuestBlueprint.Nic> nics) {
    return new GuestBlueprint("11111111-0000-0000-0000-000000000001", "instance-1",
        new GuestBlueprint.Size("m1.vdpa", 1, 512, 1), "image-1", List.of(), nics, List.of("0000:07:00.0"));
  }

  @Test
  void devicesTheGuestReachesItselfArePassthroughAndMacvtapAndNormalPortsAreNot() {
    assertThat(nic("vdpa", VDPA_VF).passthrough()).isTrue();
    for (String type : List.of("direct", "direct-physical", "virtio-forwarder", "remote-managed")) {
      assertThat(nic(type, VF).passthrough()).as(type).isTrue();
    }
    assertThat(nic("macvtap", VF).passthrough()).isFalse();
    assertThat(nic("normal", null).passthrough()).isFalse();
    assertThat(nic("direct", null).passthrough()).as("a port without a device has nothing to unplug").isFalse();
  }

  @Test
  void withoutPassthroughNicsKeepsTheOthersInOrderAndTheFlavorsDevices() {
    GuestBlueprint.Nic normal = nic("normal", null);
    GuestBlueprint.Nic vdpa = nic("vdpa", VDPA_VF);
    GuestBlueprint.Nic macvtap = nic("macvtap", VF);
    GuestBlueprint guest = guest(List.of(normal, vdpa, macvtap));
    assertThat(guest.passthroughNics()).containsExactly(vdpa);
    GuestBlueprint travelling = guest.withoutPassthroughNics();
    assertThat(travelling.nics()).containsExactly(normal, macvtap);
    assertThat(travelling.hostdevs()).containsExactly("0000:07:00.0");
    assertThat(travelling.uuid()).isEqualTo(guest.uuid());
  }

  @Test
  void aLiveMigrationNamesOneGuestAndWhereItGoes() {
    GuestBlueprint guest = guest(List.of());
    assertThat(new LiveMigrationRequest(guest, "compute-1", "http://127.0.0.1:1", guest).destHost()).isEqualTo("compute-1");
    GuestBlueprint other = new GuestBlueprint("22222222-0000-0000-0000-000000000002", "instance-2",
        guest.size(), "image-1", List.of(), List.of(), List.of());
    assertThatThrownBy(() -> new LiveMigrationRequest(guest, "compute-1", "http://127.0.0.1:1", other))
        .isInstanceOf(InvalidValueException.class).hasMessageContaining(other.uuid());
    assertThatThrownBy(() -> new LiveMigrationRequest(guest, " ", "http://127.0.0.1:1", guest))
        .isInstanceOf(InvalidValueException.class).hasMessageContaining("destination host");
  }
}
