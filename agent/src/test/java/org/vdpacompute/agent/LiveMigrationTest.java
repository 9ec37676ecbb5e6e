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
import org.vdpacompute.controller.agents.AgentClient;
import org.vdpacompute.virt.GuestState;
import org.vdpacompute.virt.emulated.EmulatedHosts;

/**
 * Live migration between two emulated hosts, each with its agent and state path, as two compute
 * processes have them: the source's agent hands the guest to the destination's over HTTP.
 */
class LiveMigrationTest {
  private static final String VDPA_INTERFACE = "<interface type=\"vdpa\">";

  @TempDir Path dir;
  private TestCloud cloud;
  private TestCloud.Host source;
  private TestCloud.Host destination;
  private AgentClient client;
  private final UUID uuid = UUID.randomUUID();
  private final GuestBlueprint.Nic sourceVdpa = vdpaNic(1, "fa:16:3e:00:00:01");
  // The port keeps its MAC; the device claimed for it on the destination is another VF.
  private final GuestBlueprint.Nic destinationVdpa = vdpaNic(3, "fa:16:3e:00:00:01");
  private final GuestBlueprint.Nic normal = normalNic("fa:16:3e:00:00:0a");
  private final GuestBlueprint onSource = blueprint(uuid, normal, sourceVdpa);
  private final GuestBlueprint onDestination = blueprint(uuid, normal, destinationVdpa);

  @BeforeEach
  void start() {
    cloud = new TestCloud(dir);
    client = cloud.client();
  }

  @AfterEach
  void stop() {
    cloud.close();
  }

  private void emulatedHosts() {
    source = cloud.host("compute-0");
    destination = cloud.host("compute-1");
    client.spawn(source.url(), onSource);
  }

  private void migrate() {
    client.liveMigrate(source.url(), onSource, "compute-1", destination.url(), onDestination);
  }

  private static String domain(TestCloud.Host host, UUID uuid) throws Exception {
    return Files.readString(host.hypervisor().domainFile(uuid));
  }

  @Test
  void theGuestMovesWithoutItsVdpaInterfaceWhichTheDestinationsDeviceReplaces() throws Exception {
    emulatedHosts();
    migrate();
    assertThat(source.hypervisor().domainFile(uuid)).doesNotExist();
    assertThat(client.guests(source.url())).isEmpty();
    assertThat(client.guests(destination.url())).containsExactly(new GuestSummary(uuid, "instance-" + uuid, GuestRunState.RUNNING));
    assertThat(domain(destination, uuid)).doesNotContain(VDPA_INTERFACE).contains("fa:16:3e:00:00:0a")
        .as("rendered by the destination's rules").contains(dir.resolve("compute-1").resolve("instances").toString());
    client.attachNic(destination.url(), uuid, destinationVdpa);
    assertThat(domain(destination, uuid)).contains(VDPA_INTERFACE).contains("/dev/vhost-vdpa-3");
  }

  @Test
  void aPausedGuestArrivesPausedAndItsResumeThereGivesItTheDestinationsDevice() throws Exception {
    emulatedHosts();
    client.suspend(source.url(), onSource);
    migrate();
    assertThat(client.guests(destination.url())).containsExactly(new GuestSummary(uuid, "instance-" + uuid, GuestRunState.PAUSED));
    assertThat(domain(destination, uuid)).doesNotContain(VDPA_INTERFACE);
    client.resume(destination.url(), onDestination);
    assertThat(domain(destination, uuid)).contains("/dev/vhost-vdpa-3");
    assertThat(destination.hypervisor().driver().guests().guest(uuid).state()).isEqualTo(GuestState.RUNNING);
  }

  @Test
  void aFaultAtTheDestinationLeavesTheGuestRunningOnTheSourceWithItsVdpaInterface() throws Exception {
    emulatedHosts();
    client.injectFault(destination.url(), "live_migrate", "compute-1 ran out of memory");
    assertThatThrownBy(this::migrate).isInstanceOf(AgentClient.AgentCallException.class)
        .hasMessageContaining("compute-1 ran out of memory");
    assertStillOnTheSource();
    migrate();
    assertThat(client.guests(destination.url())).extracting(GuestSummary::uuid).containsExactly(uuid);
  }

  @Test
  void aFaultAtTheSourceLeavesTheGuestRunningThereWithItsVdpaInterface() throws Exception {
    emulatedHosts();
    client.injectFault(source.url(), "live_migrate", "the migration stream broke");
    assertThatThrownBy(this::migrate).hasMessageContaining("the migration stream broke");
    assertStillOnTheSource();
  }

  @Test
  void aVdpaInterfaceThatWillNotComeOffStopsTheMigrationBeforeItStarts() throws Exception {
    emulatedHosts();
    client.injectFault(source.url(), "detach_device", "the guest did not release the device");
    assertThatThrownBy(this::migrate).hasMessageContaining("the guest did not release the device");
    assertStillOnTheSource();
  }

  @Test
  void anUnreachableDestinationChangesNothing() throws Exception {
    emulatedHosts();
    assertThatThrownBy(() -> client.liveMigrate(source.url(), onSource, "compute-1", URI.create("http://127.0.0.1:1"),
        onDestination))
        .hasMessageContaining("the agent of the destination at http://127.0.0.1:1").hasMessageContaining("unreachable");
    assertStillOnTheSource();
  }

  @Test
  void aHypervisorThatMigratesItselfIsGivenTheDomainTheDestinationsAgentRendered() throws Exception {
    // As libvirt does, the source's hypervisor reaches the destination's by name.
    EmulatedHosts oneProcess = new EmulatedHosts();
    source = cloud.host("compute-0", oneProcess, h -> HostDriver.hypervisor(h.driver()));
    destination = cloud.host("compute-1", oneProcess, h -> HostDriver.hypervisor(h.driver()));
    client.spawn(source.url(), onSource);
    migrate();
    assertThat(source.hypervisor().driver().guests().listGuests()).isEmpty();
    assertThat(domain(destination, uuid)).doesNotContain(VDPA_INTERFACE)
        .contains(dir.resolve("compute-1").resolve("instances").toString());
    assertThat(destination.hypervisor().driver().guests().guest(uuid).state()).isEqualTo(GuestState.RUNNING);
  }

  private void assertStillOnTheSource() throws Exception {
    assertThat(client.guests(source.url())).containsExactly(new GuestSummary(uuid, "instance-" + uuid, GuestRunState.RUNNING));
    assertThat(domain(source, uuid)).contains(VDPA_INTERFACE).contains("/dev/vhost-vdpa-1").contains("fa:16:3e:00:00:01");
    assertThat(client.guests(destination.url())).isEmpty();
    assertThat(destination.hypervisor().domainFile(uuid)).doesNotExist();
  }
}
