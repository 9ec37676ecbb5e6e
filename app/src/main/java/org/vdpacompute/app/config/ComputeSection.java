package org.vdpacompute.app.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;

/**
 * {@code [compute]}: the compute agent's driver and controller, and compute behaviour the
 * controller applies.
 *
 * @param driver the hypervisor driver; null when not set (the compute command requires it)
 * @param controllerUrl the controller's API, an http or https URL; null when not set
 * @param listen the agent's own endpoint; port 0 takes any free port, reported at registration
 * @param allowResizeToSameHost whether a resize may pick the instance's own host
 * @param shelvedOffloadTime seconds before a shelved server is offloaded: 0 at once,
 *     {@value #NEVER} never, as in Nova
 * @param heartbeatInterval seconds between an agent's heartbeats, more than 0; a host missing
 *     6 beats is reported down
 * @param controllerCaFile the PEM certificate authorities trusted for an https controller; null for
 *     the JDK's
 * @param syncPowerStateInterval seconds between the controller's comparisons of each host's guests
 *     with its records (Nova's {@code sync_power_state_interval}): 0 every {@value
 *     #DEFAULT_PERIODIC_INTERVAL} seconds, negative never
 */
public record ComputeSection(
    ComputeDriver driver,
    URI controllerUrl,
    ListenAddress listen,
    boolean allowResizeToSameHost,
    int shelvedOffloadTime,
    int heartbeatInterval,
    Path controllerCaFile,
    int syncPowerStateInterval) {

  /** {@code shelved_offload_time} that keeps shelved servers on their host. */
  public static final int NEVER = -1;

  /** {@code 127.0.0.1:0}: loopback, any free port. */
  public static final ListenAddress DEFAULT_LISTEN = new ListenAddress("127.0.0.1", 0);

  /** Nova's default {@code sync_power_state_interval}, in seconds. */
  public static final int DEFAULT_SYNC_POWER_STATE_INTERVAL = 600;

  /** Nova's spacing of a periodic task whose interval is 0, in seconds. */
  public static final int DEFAULT_PERIODIC_INTERVAL = 60;

  /** Nova's default heartbeat ({@code report_interval}), in seconds. */
  public static final int DEFAULT_HEARTBEAT_INTERVAL = 10;

  /** @throws IllegalArgumentException if a value is out of its range */
  public ComputeSection {
    Objects.requireNonNull(listen, "listen");
    checkShelvedOffloadTime(shelvedOffloadTime);
    checkHeartbeatInterval(heartbeatInterval);
  }

  /** How often the power state sync runs; empty when the operator turned it off. */
  public java.util.Optional<java.time.Duration> powerStateSync() {
    if (syncPowerStateInterval < 0) return java.util.Optional.empty();
    return java.util.Optional.of(java.time.Duration.ofSeconds(
        syncPowerStateInterval == 0 ? DEFAULT_PERIODIC_INTERVAL : syncPowerStateInterval));
  }

  static void checkShelvedOffloadTime(int seconds) {
    if (seconds < NEVER) {
      throw new IllegalArgumentException(
          "is below -1: a number of seconds, 0 offloading at once and -1 never");
    }
  }

  static void checkHeartbeatInterval(int seconds) {
    if (seconds <= 0) {
      throw new IllegalArgumentException("is not a positive number of seconds");
    }
  }
}
