package org.vdpacompute.benchmarks.boot;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.vdpacompute.app.allinone.AllInOneCloud;
import org.vdpacompute.app.compute.ComputeProcess;
import org.vdpacompute.app.config.ComputeSection;
import org.vdpacompute.app.config.Configuration;

/**
 * The emulated hosts' agents, {@code compute-0} to {@code compute-(H-1)}, all in this JVM: each is
 * what the {@code compute} command runs (its own listener, its own login, registration over the
 * agent protocol, heartbeats), from a configuration file written under {@code DIR/hosts/HOSTNAME}.
 */
final class EmulatedAgents implements AutoCloseable {
  private final List<ComputeProcess> agents;

  private EmulatedAgents(List<ComputeProcess> agents) {
    this.agents = agents;
  }

  static EmulatedAgents start(int hosts, Path topology, String[] deviceSpec, URI controller, String servicePassword,
      Path dir) throws IOException {
    List<ComputeProcess> agents = new ArrayList<>(hosts);
    EmulatedAgents started = new EmulatedAgents(agents);
    try {
      for (int i = 0; i < hosts; i++) {
        String host = "compute-" + i;
        Path state = Files.createDirectories(dir.resolve("hosts").resolve(host));
        Path config = Files.writeString(state.resolve("compute.conf"), AllInOneCloud.emulatedAgentConfig(host, state,
            controller.toString(), servicePassword, ComputeSection.DEFAULT_HEARTBEAT_INTERVAL, topology,
            List.of(deviceSpec)));
        agents.add(ComputeProcess.start(Configuration.load(config).requireForCompute()));
      }
      return started;
    } catch (IOException | RuntimeException e) {
      started.close();
      throw e;
    }
  }

  @Override
  public void close() {
    for (ComputeProcess agent : agents) {
      try {
        agent.close();
      } catch (Exception e) {
        System.err.println("boot benchmark: stopping an agent failed: " + e.getMessage());
      }
    }
  }
}
