package org.vdpacompute.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.vdpacompute.agent.TestCloud.blueprint;
import static org.vdpacompute.agent.TestCloud.normalNic;
import static org.vdpacompute.agent.TestCloud.vdpaNic;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vdpacompute.agent.protocol.GuestBlueprint;
import org.vdpacompute.agent.protocol.GuestRunState;
import org.vdpacompute.agent.protocol.GuestSummary;
import org.vdpacompute.agent.protocol.PowerAction;
import org.vdpacompute.controller.agents.AgentClient;
import org.vdpacompute.controller.agents.AgentClient.AgentCallException;
import org.vdpacompute.core.ErrorCategory;
import org.vdpacompute.virt.emulated.EmulatedHosts;

/** The controller's client and an emulated host's agent: power, suspend and resume, nic hot-plug, faults. */
class GuestActionsTest {
  private static final String VDPA_INTERFACE = "<interface type=\"vdpa\">";

  @TempDir Path dir;
  private TestCloud cloud;
  private TestCloud.Host host;
  private URI url;
  private AgentClient client;
  private final UUID uuid = UUID.randomUUID();
  private final GuestBlueprint.Nic vdpa = vdpaNic(1, "fa:16:3e:00:00:01");
  private final GuestBlueprint guest = blueprint(uuid, normalNic("fa:16:3e:00:00:0a"), vdpa);

  @BeforeEach
  void start() {
    cloud = new TestCloud(dir);
    host = cloud.host("compute-0");
    url = host.url();
    client = cloud.client();
  }

  @AfterEach
  void stop() {
    cloud.close();
  }

  private String domain() throws Exception {
    return Files.readString(host.hypervisor().domainFile(uuid));
  }

  private GuestRunState state() {
    return client.guests(url).stream().filter(g -> g.uuid().equals(uuid)).findFirst().orElseThrow().state();
  }

  @Test
  void powerActionsStopStartAndRebootTheGuest() {
    client.spawn(url, guest);
    client.power(url, uuid, PowerAction.STOP);
    assertThat(state()).isEqualTo(GuestRunState.SHUTOFF);
    assertThatThrownBy(() -> client.power(url, uuid, PowerAction.REBOOT))
        .isInstanceOf(AgentCallException.class).hasMessageContaining("409").hasMessageContaining("reboot needs it running")
        .extracting(e -> ((AgentCallException) e).category()).isEqualTo(ErrorCategory.CONFLICT);
    client.power(url, uuid, PowerAction.START);
    assertThat(state()).isEqualTo(GuestRunState.RUNNING);
    client.power(url, uuid, PowerAction.REBOOT);
    assertThat(state()).isEqualTo(GuestRunState.RUNNING);
    assertThatThrownBy(() -> client.power(url, UUID.randomUUID(), PowerAction.STOP))
        .hasMessageContaining("404").extracting(e -> ((AgentCallException) e).category()).isEqualTo(ErrorCategory.UNAVAILABLE);
  }

  @Test
  void suspendUnplugsTheVdpaInterfaceAndResumePlugsTheSameDeviceBack() throws Exception {
    client.spawn(url, guest);
    client.suspend(url, guest);
    assertThat(state()).isEqualTo(GuestRunState.PAUSED);
    assertThat(domain()).doesNotContain(VDPA_INTERFACE).doesNotContain("/dev/vhost-vdpa-1")
        .as("a normal port stays").contains("fa:16:3e:00:00:0a");
    client.resume(url, guest);
    assertThat(state()).isEqualTo(GuestRunState.RUNNING);
    assertThat(domain()).contains(VDPA_INTERFACE).contains("/dev/vhost-vdpa-1").contains("fa:16:3e:00:00:01");
  }

  @Test
  void aSuspendThatFailsLeavesTheGuestRunningWithItsInterface() throws Exception {
    client.spawn(url, guest);
    client.injectFault(url, "suspend", "QEMU did not stop the vCPUs");
    assertThatThrownBy(() -> client.suspend(url, guest)).hasMessageContaining("QEMU did not stop the vCPUs");
    assertThat(state()).isEqualTo(GuestRunState.RUNNING);
    assertThat(domain()).contains(VDPA_INTERFACE).contains("/dev/vhost-vdpa-1");
  }

  @Test
  void aResumeWhoseInterfaceCannotBePluggedLeavesTheGuestPausedWithoutIt() throws Exception {
    client.spawn(url, guest);
    client.suspend(url, guest);
    client.injectFault(url, "attach_device", "the VF is gone");
    assertThatThrownBy(() -> client.resume(url, guest)).hasMessageContaining("the VF is gone");
    assertThat(state()).isEqualTo(GuestRunState.PAUSED);
    assertThat(domain()).doesNotContain(VDPA_INTERFACE);
    client.resume(url, guest);
    assertThat(domain()).contains("/dev/vhost-vdpa-1");
  }

  @Test
  void aVdpaNicIsAttachedAndDetached() throws Exception {
    client.spawn(url, blueprint(uuid, normalNic("fa:16:3e:00:00:0a")));
    GuestBlueprint.Nic added = vdpaNic(2, "fa:16:3e:00:00:02");
    client.attachNic(url, uuid, added);
    assertThat(domain()).contains(VDPA_INTERFACE).contains("/dev/vhost-vdpa-2").contains("fa:16:3e:00:00:02");
    assertThatThrownBy(() -> client.attachNic(url, uuid, added)).hasMessageContaining("already has an interface");
    client.detachNic(url, uuid, added);
    assertThat(domain()).doesNotContain(VDPA_INTERFACE).doesNotContain("/dev/vhost-vdpa-2").contains("fa:16:3e:00:00:0a");
  }

  @Test
  void guestsListsEachGuestsUuidAndState() {
    UUID other = UUID.randomUUID();
    client.spawn(url, guest);
    client.spawn(url, blueprint(other));
    client.power(url, other, PowerAction.STOP);
    assertThat(client.guests(url)).containsExactlyInAnyOrder(
        new GuestSummary(uuid, "instance-" + uuid, GuestRunState.RUNNING),
        new GuestSummary(other, "instance-" + other, GuestRunState.SHUTOFF));
  }

  @Test
  void anInjectedFaultFailsTheNextCallOfItsOperationOnce() {
    client.injectFault(url, "spawn", "QEMU could not open /dev/vhost-vdpa-1");
    assertThatThrownBy(() -> client.spawn(url, guest))
        .hasMessageContaining("spawn of guest " + uuid + " on host compute-0 failed: QEMU could not open /dev/vhost-vdpa-1");
    assertThat(client.guests(url)).isEmpty();
    client.spawn(url, guest);
    assertThat(state()).isEqualTo(GuestRunState.RUNNING);
    assertThatThrownBy(() -> client.injectFault(url, "explode", "why not"))
        .hasMessageContaining("400").hasMessageContaining("unknown guest operation 'explode'");
  }

  @Test
  void onlyAnEmulatedHostsAgentServesTheRoutesThatArmFaultsAndTakeGuestsFromAnotherAgent() {
    TestCloud.Host real = cloud.host("compute-1", new EmulatedHosts(), h -> HostDriver.hypervisor(h.driver()));
    assertThatThrownBy(() -> client.injectFault(real.url(), "spawn", "no"))
        .isInstanceOf(AgentCallException.class).hasMessageContaining("/faults answered 404");
    client.spawn(url, guest);
    assertThatThrownBy(() -> client.liveMigrate(url, guest, "compute-1", real.url(), guest))
        .hasMessageContaining("/incoming answered 404");
    assertThat(state()).isEqualTo(GuestRunState.RUNNING);
  }
}
