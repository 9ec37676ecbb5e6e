package org.vdpacompute.virt.emulated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.vdpacompute.virt.emulated.TestHosts.VDPA0;
import static org.vdpacompute.virt.emulated.TestHosts.vdpa;

import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vdpacompute.virt.GuestOperation;
import org.vdpacompute.virt.GuestState;
import org.vdpacompute.virt.HypervisorOperationException;

class FaultInjectionTest {
  private static final UUID GUEST = UUID.fromString("12345678-0000-0000-0000-000000000001");

  @TempDir Path state;
  private EmulatedHypervisor host;

  @BeforeEach
  void host() {
    host = TestHosts.reference("compute-0", state.resolve("compute-0"));
  }

  @Test
  void failedSpawnNamesHostGuestAndOperationAndLeavesNothingDefined() {
    host.failNext(GuestOperation.SPAWN, "QEMU could not open /dev/vhost-vdpa-0");
    String xml = TestHosts.guestXml(GUEST, "instance-1", vdpa("fa:16:3e:00:00:01", VDPA0));
    assertThatThrownBy(() -> host.driver().guests().defineAndStart(GUEST, xml))
        .isInstanceOf(HypervisorOperationException.class)
        .hasMessage("spawn of guest " + GUEST + " on host compute-0 failed: QEMU could not open /dev/vhost-vdpa-0")
        .satisfies(e -> {
          HypervisorOperationException h = (HypervisorOperationException) e;
          assertThat(h.host()).isEqualTo("compute-0");
          assertThat(h.instance()).isEqualTo(GUEST);
          assertThat(h.operation()).isEqualTo(GuestOperation.SPAWN);
        });
    assertThat(host.driver().guests().listGuests()).isEmpty();
    host.driver().guests().defineAndStart(GUEST, xml);
    assertThat(host.driver().guests().guest(GUEST).state()).isEqualTo(GuestState.RUNNING);
  }

  @Test
  void failedAttachLeavesTheDomainUnchangedAndFiresOnce() {
    host.driver().guests().defineAndStart(GUEST, TestHosts.guestXml(GUEST, "instance-1"));
    String before = host.driver().guests().domainXml(GUEST);
    String device = TestHosts.deviceXml(vdpa("fa:16:3e:00:00:01", VDPA0));
    host.failNext(GuestOperation.ATTACH, "device busy");
    assertThatThrownBy(() -> host.driver().hotplug().attachDevice(GUEST, device))
        .isInstanceOf(HypervisorOperationException.class).hasMessageContaining("attach device").hasMessageContaining("device busy");
    assertThat(host.driver().guests().domainXml(GUEST)).isEqualTo(before);
    host.driver().hotplug().attachDevice(GUEST, device);
    assertThat(host.driver().guests().domainXml(GUEST)).contains("vhost-vdpa-0");
  }

  @Test
  void failedDetachKeepsTheDevice() {
    String device = TestHosts.deviceXml(vdpa("fa:16:3e:00:00:01", VDPA0));
    host.driver().guests().defineAndStart(GUEST, TestHosts.guestXml(GUEST, "instance-1", vdpa("fa:16:3e:00:00:01", VDPA0)));
    host.failNext(GuestOperation.DETACH, "guest did not release the device");
    assertThatThrownBy(() -> host.driver().hotplug().detachDevice(GUEST, device)).isInstanceOf(HypervisorOperationException.class);
    assertThat(host.driver().guests().domainXml(GUEST)).contains("vhost-vdpa-0");
    host.driver().hotplug().detachDevice(GUEST, device);
    assertThat(host.driver().guests().domainXml(GUEST)).doesNotContain("vhost-vdpa-0");
  }

  @Test
  void failedMigrationKeepsTheGuestOnTheSource() {
    EmulatedHypervisor destination = TestHosts.reference("compute-1", state.resolve("compute-1"));
    host.driver().guests().defineAndStart(GUEST, TestHosts.guestXml(GUEST, "instance-1"));
    host.failNext(GuestOperation.LIVE_MIGRATE, "connection to compute-1 lost");
    assertThatThrownBy(() -> host.liveMigrate(GUEST, destination, null))
        .isInstanceOf(HypervisorOperationException.class).hasMessageContaining("connection to compute-1 lost");
    assertThat(host.driver().guests().guest(GUEST).state()).isEqualTo(GuestState.RUNNING);
    assertThat(destination.driver().guests().listGuests()).isEmpty();
    host.liveMigrate(GUEST, destination, null);
    assertThat(destination.driver().guests().listGuests()).hasSize(1);
  }

  @Test
  void failureArmedOnTheDestinationRefusesTheArrivingGuest() {
    EmulatedHypervisor destination = TestHosts.reference("compute-1", state.resolve("compute-1"));
    host.driver().guests().defineAndStart(GUEST, TestHosts.guestXml(GUEST, "instance-1"));
    destination.failNext(GuestOperation.fromApiName("live_migrate"), "no memory left on compute-1");
    assertThatThrownBy(() -> host.liveMigrate(GUEST, destination, null))
        .isInstanceOf(HypervisorOperationException.class)
        .hasMessage("live migration of guest " + GUEST + " on host compute-1 failed: no memory left on compute-1");
    assertThat(host.driver().guests().guest(GUEST).state()).isEqualTo(GuestState.RUNNING);
    assertThat(destination.driver().guests().listGuests()).isEmpty();
    host.driver().guests().stop(GUEST);
  }

  @Test
  void armedFailureWaitsForACallThatWouldOtherwiseSucceed() {
    host.driver().guests().defineAndStart(GUEST, TestHosts.guestXml(GUEST, "instance-1"));
    host.failNext(GuestOperation.ATTACH, "device busy");
    host.driver().guests().stop(GUEST);
    assertThatThrownBy(() -> host.driver().hotplug().attachDevice(GUEST, TestHosts.deviceXml(vdpa("fa:16:3e:00:00:01", VDPA0))))
        .hasMessageContaining("the guest is shut off");
    host.driver().guests().start(GUEST);
    assertThatThrownBy(() -> host.driver().hotplug().attachDevice(GUEST, TestHosts.deviceXml(vdpa("fa:16:3e:00:00:01", VDPA0))))
        .hasMessageContaining("device busy");
  }
}
