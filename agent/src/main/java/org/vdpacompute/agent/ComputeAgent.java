package org.vdpacompute.agent;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vdpacompute.agent.protocol.HostReport;
import org.vdpacompute.agent.protocol.SwitchStatus;
import org.vdpacompute.ovs.SwitchException;
import org.vdpacompute.virt.Driver;
import org.vdpacompute.virt.GuestLifecycle;

/**
 * The compute agent of one host: puts the offloaded switch in line with the host's guests, registers
 * the host with the controller (its facts, vDPA support, devices and switch), then heartbeats. A
 * failed heartbeat is logged and retried at the next beat: the controller reports the host down
 * only after six missed beats. After each beat the switch is looked at again; when it went down or
 * came back the host registers its report anew, so that the scheduler and {@code os-hypervisors}
 * know, and a switch that came back is first reconciled with the guests (unplugs it could not take
 * meanwhile are done then).
 */
public final class ComputeAgent implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ComputeAgent.class);

  private final ControllerClient controller;
  private final HostReporter reporter;
  private final HostSwitch ports;
  private final GuestLifecycle guests;
  private final Duration heartbeatInterval;
  private final ScheduledExecutorService beats;
  private volatile String host;
  /** The switch's state the controller was last told of; only the beats' thread changes it after the start. */
  private volatile SwitchStatus.State reported;

  /**
   * @param driver the host's facts, devices and guests (whose ports the switch is to hold)
   * @param ports the host's representors in the offloaded switch
   * @param agentUrl where the controller reaches this agent's {@link AgentServer}, or null
   */
  public ComputeAgent(ControllerClient controller, Driver driver, HostSwitch ports, int serviceVersion, long diskGb,
      List<String> deviceSpec, Duration heartbeatInterval, URI agentUrl) {
    this.controller = controller;
    this.ports = ports;
    this.guests = driver.guests();
    this.reporter = new HostReporter(driver.facts(), driver.devices(), serviceVersion,
        (int) Math.max(1, heartbeatInterval.toSeconds()), diskGb, deviceSpec, agentUrl, ports::status);
    this.heartbeatInterval = heartbeatInterval;
    this.beats = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(HostLogging.naming(driver.facts().hostname(), r), "heartbeat-" + driver.facts().hostname());
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Reconciles the switch, registers the host and starts heartbeating; a controller that cannot be
   * reached fails the start, a switch that cannot be is reported.
   */
  public ComputeAgent start() {
    SwitchStatus status = reconciled(ports.status());
    HostReport report = reporter.report(status);
    host = report.host();
    String serviceId = controller.register(report);
    reported = status.state();
    LOG.info("host {} registered as compute service {} (version {}, {} devices, vDPA {}, switch {})", host, serviceId,
        report.serviceVersion(), report.devices().size(), report.vdpaSupported() ? "supported" : "not supported: "
        + report.vdpaReason(), status.state() == SwitchStatus.State.DOWN ? "down: " + status.reason() : status.state().apiName());
    long ms = heartbeatInterval.toMillis();
    beats.scheduleAtFixedRate(this::beat, ms, ms, TimeUnit.MILLISECONDS);
    return this;
  }

  private void beat() {
    try {
      controller.heartbeat(host);
    } catch (RuntimeException e) {
      LOG.warn("heartbeat of host {} failed; the next beat tries again", host, e);
      return;
    }
    try {
      SwitchStatus now = ports.status();
      if (now.state() != reported) {
        now = reconciled(now);
        LOG.warn("the offloaded switch of host {} is {} now{}; registering again", host, now.state().apiName(),
            now.reason() == null ? "" : ": " + now.reason());
        controller.register(reporter.report(now));
        reported = now.state();
      }
    } catch (RuntimeException e) {
      LOG.warn("host {} could not report its switch; the next beat tries again", host, e);
    }
  }

  /** The switch reconciled with the guests when it is up; down when that fails. */
  private SwitchStatus reconciled(SwitchStatus status) {
    if (status.state() != SwitchStatus.State.UP) {
      return status;
    }
    try {
      ports.reconcile(guests);
      return status;
    } catch (SwitchException e) {
      LOG.warn("the offloaded switch could not be reconciled with the guests of this host", e);
      return SwitchStatus.down(e.getMessage());
    }
  }

  @Override
  public void close() {
    beats.shutdownNow();
  }
}
