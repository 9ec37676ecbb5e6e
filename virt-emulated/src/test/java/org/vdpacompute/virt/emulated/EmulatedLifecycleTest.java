package org.vdpacompute.virt.emulated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vdpacompute.virt.GuestInfo;
import org.vdpacompute.virt.GuestNotFoundException;
import org.vdpacompute.virt.GuestState;
import org.vdpacompute.virt.GuestStateException;
import org.vdpacompute.virt.HypervisorOperationException;

class EmulatedLifecycleTest {
  private static final UUID GUEST = UUID.fromString("11111111-2222-3333-4444-555555555555");
  private static final UUID OTHER = UUID.fromString("99999999-2222-3333-4444-555555555555");

  @TempDir Path state;
  private EmulatedHypervisor host;

  @BeforeEach
  void host() {
    host = TestHosts.reference("compute-0", state);
  }

  private void spawn(UUID uuid, String name) {
    host.driver().guests().defineAndStart(uuid, TestHosts.guestXml(uuid, name));
  }

  @Test
  void spawnedGuestRunsAndItsDomainXmlIsTheFileUnderTheStatePath() throws IOException {
    spawn(GUEST, "instance-1");
    assertThat(host.driver().guests().guest(GUEST)).isEqualTo(new GuestInfo(GUEST, "instance-1", GuestState.RUNNING));
    Path file = state.resolve("emulated/domains/" + GUEST + ".xml");
    assertThat(host.domainFile(GUEST)).isEqualTo(file);
    assertThat(Files.readString(file)).isEqualTo(host.driver().guests().domainXml(GUEST)).contains("<name>instance-1</name>");
  }

  /**
   * The guest's console: boot lines at spawn and start, a line at reboot and power-off, kept under
   * the host's state path whatever the domain XML names, and gone with the guest.
   */
  @Test
  void theConsoleLogHasTheGuestsBootsRebootsAndPowerOffs() throws IOException {
    spawn(GUEST, "instance-1");
    assertThat(host.driver().guests().consoleLog(GUEST)).startsWith("[    0.000000] Linux version").endsWith("login: \n");
    host.driver().guests().reboot(GUEST);
    host.driver().guests().stop(GUEST);
    host.driver().guests().start(GUEST);
    String log = host.driver().guests().consoleLog(GUEST);
    assertThat(log.lines().filter(l -> l.startsWith("[    0.000000] Linux version"))).hasSize(3);
    assertThat(log).contains("reboot: Restarting system\n").contains("reboot: Power down\n");
    assertThat(Files.readString(state.resolve("emulated/run/" + GUEST + ".console.log"))).isEqualTo(log);
    host.driver().guests().destroy(GUEST);
    assertThat(state.resolve("emulated/run/" + GUEST + ".console.log")).doesNotExist();
    assertThatThrownBy(() -> host.driver().guests().consoleLog(GUEST)).isInstanceOf(GuestNotFoundException.class);
  }

  @Test
  void guestMovesThroughEveryLegalTransition() {
    spawn(GUEST, "instance-1");
    host.driver().guests().suspend(GUEST);
    assertThat(host.driver().guests().guest(GUEST).state()).isEqualTo(GuestState.PAUSED);
    host.driver().guests().resume(GUEST);
    assertThat(host.driver().guests().guest(GUEST).state()).isEqualTo(GuestState.RUNNING);
    host.driver().guests().reboot(GUEST);
    assertThat(host.driver().guests().guest(GUEST).state()).isEqualTo(GuestState.RUNNING);
    host.driver().guests().stop(GUEST);
    assertThat(host.driver().guests().guest(GUEST).state()).isEqualTo(GuestState.SHUTOFF);
    host.driver().guests().start(GUEST);
    assertThat(host.driver().guests().guest(GUEST).state()).isEqualTo(GuestState.RUNNING);
    host.driver().guests().save(GUEST);
    assertThat(host.driver().guests().guest(GUEST).state()).isEqualTo(GuestState.SAVED);
    host.driver().guests().start(GUEST);
    assertThat(host.driver().guests().guest(GUEST).state()).isEqualTo(GuestState.RUNNING);
    host.driver().guests().suspend(GUEST);
    host.driver().guests().stop(GUEST);
    assertThat(host.driver().guests().guest(GUEST).state()).isEqualTo(GuestState.SHUTOFF);
  }

  @Test
  void resumingARunningGuestIsRefusedSayingWhatWasFoundAndWanted() {
    spawn(GUEST, "instance-1");
    assertThatThrownBy(() -> host.driver().guests().resume(GUEST))
        .isInstanceOf(GuestStateException.class)
        .hasMessageContaining("resume of guest " + GUEST + " on host compute-0 failed")
        .hasMessageContaining("the guest is running, and resume needs it paused");
  }

  @Test
  void illegalTransitionsAreRefusedAndChangeNothing() {
    spawn(GUEST, "instance-1");
    assertThatThrownBy(() -> host.driver().guests().start(GUEST)).isInstanceOf(GuestStateException.class);
    host.driver().guests().stop(GUEST);
    assertThatThrownBy(() -> host.driver().guests().stop(GUEST)).isInstanceOf(GuestStateException.class)
        .hasMessageContaining("needs it running or paused");
    assertThatThrownBy(() -> host.driver().guests().suspend(GUEST)).isInstanceOf(GuestStateException.class);
    assertThatThrownBy(() -> host.driver().guests().reboot(GUEST)).isInstanceOf(GuestStateException.class);
    assertThatThrownBy(() -> host.driver().guests().save(GUEST)).isInstanceOf(GuestStateException.class);
    assertThat(host.driver().guests().guest(GUEST).state()).isEqualTo(GuestState.SHUTOFF);
    host.driver().guests().start(GUEST);
    host.driver().guests().save(GUEST);
    assertThatThrownBy(() -> host.driver().guests().resume(GUEST)).isInstanceOf(GuestStateException.class)
        .hasMessageContaining("the guest is saved");
    assertThat(host.driver().guests().guest(GUEST).state()).isEqualTo(GuestState.SAVED);
  }

  @Test
  void spawningAGuestThatExistsIsRefused() {
    spawn(GUEST, "instance-1");
    assertThatThrownBy(() -> spawn(GUEST, "instance-1"))
        .isInstanceOf(GuestStateException.class).hasMessageContaining("spawn needs it not defined");
  }

  @Test
  void destroyUndefinesTheGuestInAnyState() {
    spawn(GUEST, "instance-1");
    spawn(OTHER, "instance-2");
    host.driver().guests().save(OTHER);
    host.driver().guests().destroy(GUEST);
    host.driver().guests().destroy(OTHER);
    assertThat(host.driver().guests().listGuests()).isEmpty();
    assertThat(host.domainFile(GUEST)).doesNotExist();
    assertThatThrownBy(() -> host.driver().guests().domainXml(GUEST)).isInstanceOf(GuestNotFoundException.class);
  }

  @Test
  void operationsOnAnUnknownGuestNameHostAndGuest() {
    assertThatThrownBy(() -> host.driver().guests().stop(GUEST))
        .isInstanceOf(GuestNotFoundException.class)
        .hasMessage("no guest " + GUEST + " is defined on host compute-0");
    assertThatThrownBy(() -> host.driver().guests().destroy(GUEST)).isInstanceOf(GuestNotFoundException.class);
    assertThatThrownBy(() -> host.driver().guests().guest(GUEST)).isInstanceOf(GuestNotFoundException.class);
  }

  @Test
  void listShowsEveryGuestWithItsStateInUuidOrder() {
    spawn(OTHER, "instance-2");
    spawn(GUEST, "instance-1");
    host.driver().guests().suspend(OTHER);
    assertThat(host.driver().guests().listGuests()).containsExactly(
        new GuestInfo(GUEST, "instance-1", GuestState.RUNNING),
        new GuestInfo(OTHER, "instance-2", GuestState.PAUSED));
  }

  @Test
  void domainXmlWhoseUuidIsNotTheInstancesIsRefused() {
    assertThatThrownBy(() -> host.driver().guests().defineAndStart(GUEST, TestHosts.guestXml(OTHER, "instance-1")))
        .isInstanceOf(HypervisorOperationException.class)
        .hasMessageContaining("<uuid> is '" + OTHER + "', not the instance's");
    assertThat(host.driver().guests().listGuests()).isEmpty();
  }

  @Test
  void domainNameUsedByAnotherGuestIsRefused() {
    spawn(GUEST, "instance-1");
    assertThatThrownBy(() -> spawn(OTHER, "instance-1"))
        .isInstanceOf(HypervisorOperationException.class)
        .hasMessageContaining("domain name 'instance-1' is already used by guest " + GUEST);
  }

  @Test
  void malformedDomainXmlIsRefused() {
    assertThatThrownBy(() -> host.driver().guests().defineAndStart(GUEST, "<domain><name>x</name>"))
        .isInstanceOf(HypervisorOperationException.class)
        .hasMessageContaining("spawn of guest " + GUEST)
        .hasMessageContaining("not well-formed XML");
  }

  @Test
  void newHostObjectOnTheSameStatePathSeesTheGuestsAsTheyWere() {
    spawn(GUEST, "instance-1");
    spawn(OTHER, "instance-2");
    host.driver().guests().suspend(GUEST);
    host.driver().guests().stop(OTHER);
    String xml = host.driver().guests().domainXml(GUEST);

    EmulatedHypervisor restarted = TestHosts.reference("compute-0", state);
    assertThat(restarted.driver().guests().listGuests()).containsExactly(
        new GuestInfo(GUEST, "instance-1", GuestState.PAUSED),
        new GuestInfo(OTHER, "instance-2", GuestState.SHUTOFF));
    assertThat(restarted.driver().guests().domainXml(GUEST)).isEqualTo(xml);
    restarted.driver().guests().resume(GUEST);
    assertThat(restarted.driver().guests().guest(GUEST).state()).isEqualTo(GuestState.RUNNING);
  }

  @Test
  void domainFileWithoutStateFileIsAShutOffGuest() throws IOException {
    spawn(GUEST, "instance-1");
    Files.delete(state.resolve("emulated/run/" + GUEST + ".state"));
    assertThat(host.driver().guests().guest(GUEST).state()).isEqualTo(GuestState.SHUTOFF);
  }

  @Test
  void writesLeaveNoTemporaryFilesAndStrangersAreIgnored() throws IOException {
    spawn(GUEST, "instance-1");
    host.driver().guests().suspend(GUEST);
    Files.writeString(state.resolve("emulated/domains/README.xml"), "<notes/>");
    try (Stream<Path> files = Files.walk(state)) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
    }
    assertThat(host.driver().guests().listGuests()).extracting(GuestInfo::uuid).containsExactly(GUEST);
  }
}
