package org.vdpacompute.agent;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vdpacompute.agent.protocol.GuestBlueprint.Nic;
import org.vdpacompute.agent.protocol.LiveMigrationRequest;
import org.vdpacompute.virt.GuestOperation;
import org.vdpacompute.virt.GuestState;

/**
 * The source's side of a live migration, in the order Nova's vDPA support does it: the passthrough
 * nics come off, the guest moves without them, and the controller plugs in the destination's
 * afterwards. The destination's agent renders the guest's domain first, by its own rules (its
 * domain type and disk paths) and without the passthrough nics, then plugs the representors of the
 * destination's ports into its switch, as Nova's pre-live-migration plugs the destination's VIFs:
 * a destination that cannot take the guest is found out before anything changes here. On any
 * failure after that the guest stays here, or is handed back, and gets its passthrough nics again,
 * and the destination unplugs what it plugged. Once the guest runs there, this host unplugs its
 * representors.
 */
final class LiveMigrations {
  private static final Logger LOG = LoggerFactory.getLogger(LiveMigrations.class);

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final HostDriver driver;
  private final GuestActions actions;
  private final NicHotplug nics;
  private final HostSwitch ports;

  LiveMigrations(HostDriver driver, GuestActions actions, NicHotplug nics, HostSwitch ports) {
    this.driver = driver;
    this.actions = actions;
    this.nics = nics;
    this.ports = ports;
  }

  /** @param token the controller's token, which the destination's agent checks as this one did */
  void migrate(LiveMigrationRequest request, String token) {
    UUID uuid = request.source().uuid();
    ports.during(() -> {
      GuestState state = actions.require(uuid, GuestOperation.LIVE_MIGRATE);
      PeerAgent destination = new PeerAgent(http, request.destAgentUrl(), token);
      String domainXml = destination.domainXml(request.destination().withoutPassthroughNics());
      destination.expect(request.destination());
      // A paused guest was suspended, which unplugged its passthrough nics already.
      List<Nic> passthrough = state == GuestState.RUNNING ? request.source().passthroughNics() : List.of();
      LOG.info("live-migrating {} guest {} to host {} without its {} passthrough ports", state, uuid,
          request.destHost(), passthrough.size());
      try {
        nics.detachAll(uuid, passthrough);
        try {
          driver.liveMove().move(uuid, request.destHost(), domainXml, destination);
        } catch (RuntimeException e) {
          Undo.after(e, "attach again the passthrough ports of guest " + uuid, () -> nics.attachAll(uuid, passthrough));
          throw e;
        }
      } catch (RuntimeException e) {
        Undo.after(e, "have host " + request.destHost() + " unplug the ports of guest " + uuid,
            () -> destination.notArriving(uuid));
        throw e;
      }
      ports.unplugAll(uuid);
      LOG.info("guest {} runs on host {} now", uuid, request.destHost());
    });
  }
}
