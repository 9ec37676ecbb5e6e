package org.vdpacompute.virt.emulated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.vdpacompute.virt.emulated.TestHosts.VDPA0;
import static org.vdpacompute.virt.emulated.TestHosts.VDPA1;
import static org.vdpacompute.virt.emulated.TestHosts.vdpa;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vdpacompute.core.ErrorCategory;
import org.vdpacompute.virt.GuestInfo;
import org.vdpacompute.virt.GuestState;
import org.vdpacompute.virt.GuestStateException;
import org.vdpacompute.virt.MigrationTarget;

/**
 * Issue 22, item 4: one guest whose domain or state file cannot be read is that guest's problem
 * only. It is listed as broken with the reason, it can be destroyed, and the host's other guests,
 * its spawns and its incoming migrations go on as if it were not there.
 */
class BrokenGuestTest {
  private static final UUID BROKEN_XML = UUID.fromString("aaaaaaaa-0000-0000-0000-000000000001");
  private static final UUID BROKEN_STATE = UUID.fromString("bbbbbbbb-0000-0000-0000-000000000002");
  private static final UUID HEALTHY = UUID.fromString("cccccccc-0000-0000-0000-000000000003");
  private static final UUID NEWCOMER = UUID.fromString("dddddddd-0000-0000-0000-000000000004");

  @TempDir Path state;
  private final EmulatedHosts hosts = new EmulatedHosts();
  private EmulatedHypervisor host;
  private EmulatedHypervisor other;

  @BeforeEach
  void hosts() throws IOException {
    host = new EmulatedHypervisor("compute-0", TopologyReader.reference(), state.resolve("compute-0"), hosts);
    other = new EmulatedHypervisor("compute-1", TopologyReader.reference(), state.resolve("compute-1"), hosts);
    hosts.add(host);
    hosts.add(other);
    host.driver().guests().defineAndStart(BROKEN_XML, TestHosts.guestXml(BROKEN_XML, "instance-a",
        vdpa("fa:16:3e:00:00:01", VDPA0)));
    host.driver().guests().defineAndStart(BROKEN_STATE, TestHosts.guestXml(BROKEN_STATE, "instance-b"));
    host.driver().guests().defineAndStart(HEALTHY, TestHosts.guestXml(HEALTHY, "instance-c"));
    Files.writeString(host.domainFile(BROKEN_XML), "<domain><name>instance-a</name><devic");
    Files.writeString(state.resolve("compute-0/emulated/run/" + BROKEN_STATE + ".state"), "HALF-WRITTEN\0\0");
  }

  @Test
  void theListShowsEveryGuestTheBrokenOnesWithWhy() {
    assertThat(host.driver().guests().listGuests()).satisfiesExactly(
        a -> {
          assertThat(a.uuid()).isEqualTo(BROKEN_XML);
          assertThat(a.state()).isEqualTo(GuestState.BROKEN);
          assertThat(a.problem()).contains(BROKEN_XML + ".xml").contains("XML");
        },
        b -> {
          assertThat(b.uuid()).isEqualTo(BROKEN_STATE);
          assertThat(b.name()).isEqualTo("instance-b");
          assertThat(b.state()).isEqualTo(GuestState.BROKEN);
          assertThat(b.problem()).contains("HALF-WRITTEN");
        },
        c -> assertThat(c).isEqualTo(new GuestInfo(HEALTHY, "instance-c", GuestState.RUNNING)));
  }

  @Test
  void anotherGuestStartsAndArrivesAndTheHealthyOneCarriesOn() {
    host.driver().guests().defineAndStart(NEWCOMER, TestHosts.guestXml(NEWCOMER, "instance-d",
        vdpa("fa:16:3e:00:00:02", VDPA1)));
    host.driver().guests().stop(HEALTHY);
    host.driver().guests().start(HEALTHY);
    UUID arriving = UUID.fromString("eeeeeeee-0000-0000-0000-000000000005");
    other.driver().guests().defineAndStart(arriving, TestHosts.guestXml(arriving, "instance-e"));
    other.driver().migration().liveMigrate(arriving, MigrationTarget.host("compute-0"));
    assertThat(host.driver().guests().guest(arriving).state()).isEqualTo(GuestState.RUNNING);
    assertThat(host.driver().guests().guest(NEWCOMER).state()).isEqualTo(GuestState.RUNNING);
  }

  @Test
  void aBrokenGuestIsDestroyedAndItsDeviceCanBeTakenAgain() {
    host.driver().guests().destroy(BROKEN_XML);
    host.driver().guests().destroy(BROKEN_STATE);
    assertThat(host.domainFile(BROKEN_XML)).doesNotExist();
    assertThat(host.driver().guests().listGuests()).extracting(GuestInfo::uuid).containsExactly(HEALTHY);
    host.driver().guests().defineAndStart(NEWCOMER, TestHosts.guestXml(NEWCOMER, "instance-d",
        vdpa("fa:16:3e:00:00:02", VDPA0)));
  }

  @Test
  void whatABrokenGuestCannotDoIsRefusedAsAConflictThatSaysWhy() {
    assertThat(host.driver().guests().guest(BROKEN_STATE).state()).isEqualTo(GuestState.BROKEN);
    assertThatThrownBy(() -> host.driver().guests().stop(BROKEN_STATE))
        .isInstanceOf(GuestStateException.class)
        .hasMessageContaining("the guest is broken")
        .hasMessageContaining("HALF-WRITTEN")
        .satisfies(e -> assertThat(((GuestStateException) e).category()).isEqualTo(ErrorCategory.CONFLICT));
    assertThatThrownBy(() -> host.driver().guests().defineAndStart(BROKEN_XML, TestHosts.guestXml(BROKEN_XML, "instance-a")))
        .isInstanceOf(GuestStateException.class).hasMessageContaining("the guest is broken");
  }
}
