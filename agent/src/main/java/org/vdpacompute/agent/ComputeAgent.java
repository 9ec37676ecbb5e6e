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
import org.vdpacompute.virt.DeviceDiscovery;
import org.vdpacompute.virt.HostFacts;

/**
 * The compute agent of one host: registers the host with the controller (its facts, vDPA support
 * and devices), then heartbeats. A failed heartbeat is logged and retried at the next beat: the
 * controller reports the host down only after six missed beats.
 */
public final class ComputeAgent implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ComputeAgent.class);

  private final ControllerClient controller;
  private final HostReporter reporter;
  private final Duration heartbeatInterval;
  private final ScheduledExecutorService beats;
  private volatile String host;

  /** @param agentUrl where the controller reaches this agent's {@link AgentServer}, or null */
  public ComputeAgent(ControllerClient controller, HostFacts facts, DeviceDiscovery discovery, int serviceVersion,
      long diskGb, List<String> deviceSpec, Duration heartbeatInterval, URI agentUrl) {
    this.controller = controller;
    this.reporter = new HostReporter(facts, discovery, serviceVersion, (int) Math.max(1, heartbeatInterval.toSeconds()),
        diskGb, deviceSpec, agentUrl);
    this.heartbeatInterval = heartbeatInterval;
    this.beats = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(HostLogging.naming(facts.hostname(), r), "heartbeat-" + facts.hostname());
      t.setDaemon(true);
      return t;
    });
  }

  /** Registers the host and starts heartbeating; a controller that cannot be reached fails the start. */
  public ComputeAgent start() {
    HostReport report = reporter.report();
    host = report.host();
    String serviceId = controller.register(report);
    LOG.info("host {} registered as compute service {} (version {}, {} devices, vDPA {})", host, serviceId,
        report.serviceVersion(), report.devices().size(), report.vdpaSupported() ? "supported" : "not supported: " + report.vdpaReason());
    long ms = heartbeatInterval.toMillis();
    beats.scheduleAtFixedRate(this::beat, ms, ms, TimeUnit.MILLISECONDS);
    return this;
  }

  private void beat() {
    try {
      controller.heartbeat(host);
    } catch (RuntimeException e) {
      LOG.warn("heartbeat of host {} failed; the next beat tries again", host, e);
    }
  }

  @Override
  public void close() {
    beats.shutdownNow();
  }
}
