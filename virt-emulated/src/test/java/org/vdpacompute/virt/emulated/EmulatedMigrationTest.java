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
import org.vdpacompute.virt.GuestNotFoundException;
import org.vdpacompute.virt.GuestState;
import org.vdpacompute.virt.GuestStateException;
import org.vdpacompute.virt.HypervisorOperationException;
import org.vdpacompute.virt.MigrationTarget;

class EmulatedMigrationTest {
  private static final UUID GUEST = UUID.fromString("eeeeeeee-0000-0000-0000-000000000001");
  private static final UUID SQUATTER = UUID.fromString("ffffffff-0000-0000-0000-000000000002");

  @TempDir Path state;
  private final EmulatedHosts hosts = new EmulatedHosts();
  private EmulatedHypervisor source;
  private EmulatedHypervisor destination;

  @BeforeEach
  void hosts() {
    source = new EmulatedHypervisor("compute-0", TopologyReader.reference(), state.resolve("compute-0"), hosts);
    destination = new EmulatedHypervisor("compute-1", TopologyReader.reference(), state.resolve("compute-1"), hosts);
    hosts.add(source);
    hosts.add(destination);
    source.driver().guests().defineAndStart(GUEST, TestHosts.guestXml(GUEST, "instance-1"));
  }

  @Test
  void guestLeavesTheSourceAndRunsOnTheDestinationWithItsXml() {
    String xml = source.driver().guests().domainXml(GUEST);
    source.driver().migration().liveMigrate(GUEST, MigrationTarget.host("compute-1"));
    assertThat(source.driver().guests().listGuests()).isEmpty();
    assertThat(source.domainFile(GUEST)).doesNotExist();
    assertThat(destination.driver().guests().guest(GUEST).state()).isEqualTo(GuestState.RUNNING);
    assertThat(destination.driver().guests().domainXml(GUEST)).isEqualTo(xml);
    assertThat(destination.domainFile(GUEST)).exists();
  }

  @Test
  void pausedGuestArrivesPaused() {
    source.driver().guests().suspend(GUEST);
    source.liveMigrate(GUEST, destination, null);
    assertThat(destination.driver().guests().guest(GUEST).state()).isEqualTo(GuestState.PAUSED);
  }

  @Test
  void destinationXmlReplacesTheSourcesWhenGiven() {
    String withVdpa = TestHosts.guestXml(GUEST, "instance-1", vdpa("fa:16:3e:00:00:01", VDPA0));
    source.driver().migration().liveMigrate(GUEST, new MigrationTarget("compute-1", null, withVdpa));
    assertThat(destination.driver().guests().domainXml(GUEST)).contains("/dev/vhost-vdpa-0");
  }

  @Test
  void refusalByTheDestinationLeavesTheGuestRunningOnTheSource() {
    destination.driver().guests().defineAndStart(SQUATTER, TestHosts.guestXml(SQUATTER, "squatter", vdpa("fa:16:3e:00:00:09", VDPA0)));
    String withVdpa = TestHosts.guestXml(GUEST, "instance-1", vdpa("fa:16:3e:00:00:01", VDPA0));
    assertThatThrownBy(() -> source.liveMigrate(GUEST, destination, withVdpa))
        .isInstanceOf(HypervisorOperationException.class)
        .hasMessageContaining("live migration of guest " + GUEST + " on host compute-1 failed")
        .hasMessageContaining("in use by guest " + SQUATTER);
    assertThat(source.driver().guests().guest(GUEST).state()).isEqualTo(GuestState.RUNNING);
    assertThatThrownBy(() -> destination.driver().guests().guest(GUEST)).isInstanceOf(GuestNotFoundException.class);
    source.driver().guests().stop(GUEST);
  }

  @Test
  void unknownDestinationIsRefused() {
    assertThatThrownBy(() -> source.driver().migration().liveMigrate(GUEST, MigrationTarget.host("compute-9")))
        .isInstanceOf(HypervisorOperationException.class)
        .hasMessageContaining("no emulated host named compute-9");
    assertThat(source.driver().guests().guest(GUEST).state()).isEqualTo(GuestState.RUNNING);
  }

  @Test
  void shutOffGuestCannotMigrateLive() {
    source.driver().guests().stop(GUEST);
    assertThatThrownBy(() -> source.liveMigrate(GUEST, destination, null)).isInstanceOf(GuestStateException.class);
  }

  @Test
  void migrationToItsOwnHostIsRefused() {
    assertThatThrownBy(() -> source.liveMigrate(GUEST, source, null))
        .isInstanceOf(HypervisorOperationException.class).hasMessageContaining("the guest's own host");
    assertThat(source.driver().guests().guest(GUEST).state()).isEqualTo(GuestState.RUNNING);
  }

  @Test
  void acrossProcessesTheGuestTravelsAsDataInThreeSteps() {
    MigratingGuest travelling = source.exportForMigration(GUEST);
    assertThatThrownBy(() -> source.driver().guests().stop(GUEST))
        .isInstanceOf(HypervisorOperationException.class).hasMessageContaining("being live-migrated");
    // The destination may be a new object in another process, on its own state path.
    EmulatedHypervisor remote = TestHosts.reference("compute-1", state.resolve("compute-1"));
    remote.acceptIncoming(travelling);
    source.completeOutgoing(GUEST);
    assertThat(source.driver().guests().listGuests()).isEmpty();
    assertThat(destination.driver().guests().guest(GUEST).state()).isEqualTo(GuestState.RUNNING);
  }

  @Test
  void aHandOverOfTheCallersCarriesTheGuestOrLeavesItOnTheSource() {
    EmulatedHypervisor remote = TestHosts.reference("compute-1", state.resolve("compute-1"));
    String withVdpa = TestHosts.guestXml(GUEST, "instance-1", vdpa("fa:16:3e:00:00:01", VDPA0));
    assertThatThrownBy(() -> source.liveMigrate(GUEST, withVdpa, guest -> {
      throw new IllegalStateException("the destination's agent did not answer");
    })).hasMessage("the destination's agent did not answer");
    assertThat(source.driver().guests().guest(GUEST).state()).isEqualTo(GuestState.RUNNING);
    source.driver().guests().suspend(GUEST);
    source.liveMigrate(GUEST, withVdpa, remote::acceptIncoming);
    assertThat(source.driver().guests().listGuests()).isEmpty();
    assertThat(remote.driver().guests().guest(GUEST).state()).isEqualTo(GuestState.PAUSED);
    assertThat(remote.driver().guests().domainXml(GUEST)).contains("/dev/vhost-vdpa-0");
  }

  @Test
  void abortedMigrationLeavesTheGuestUsableOnTheSource() {
    source.exportForMigration(GUEST);
    source.abortOutgoing(GUEST);
    source.driver().guests().suspend(GUEST);
    assertThat(source.driver().guests().guest(GUEST).state()).isEqualTo(GuestState.PAUSED);
  }
}
