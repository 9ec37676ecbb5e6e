package org.vdpacompute.app.allinone;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.vdpacompute.app.config.ConfigException;
import org.vdpacompute.ovs.Bridges;
import org.vdpacompute.ovs.OvsdbEndpoint;
import org.vdpacompute.ovs.OvsdbServerProcess;
import org.vdpacompute.ovs.SwitchException;
import org.vdpacompute.ovs.SwitchSettings;

/**
 * The all-in-one's offloaded switch, made ready before anything else starts: the database server
 * (started here, or one already running) with a bridge for each emulated host, {@code
 * br-int-HOSTNAME}. Hosts in one process share the server, and an Open vSwitch database has one port
 * of a name across its bridges, so host {@code compute-N} names its representors {@code cN} and
 * {@code pfMvfK} ({@code [emulated] representor_prefix}), where a real host has its own switch and
 * the names systemd gives. A switch that cannot be made ready is the operator's to fix: the start
 * is refused, naming the option, before anything is written.
 */
final class AllInOneSwitch implements AutoCloseable {
  static final String DIRECTORY = "ovsdb";

  private final String option;
  private final OvsdbEndpoint endpoint;
  private final OvsdbServerProcess started;

  private AllInOneSwitch(String option, OvsdbEndpoint endpoint, OvsdbServerProcess started) {
    this.option = option;
    this.endpoint = endpoint;
    this.started = started;
  }

  /**
   * @throws ConfigException when the server cannot be started or reached, or refuses the bridges
   */
  static AllInOneSwitch open(EmulatedSwitch choice, Path dataDir, int hosts) {
    return open(choice, dataDir, hosts, System.getenv("PATH"));
  }

  /** @param searchPath where {@code ovsdb-server} is looked for, as the {@code PATH} variable */
  static AllInOneSwitch open(EmulatedSwitch choice, Path dataDir, int hosts, String searchPath) {
    if (choice instanceof EmulatedSwitch.None) {
      return new AllInOneSwitch(null, null, null);
    }
    String option = choice instanceof EmulatedSwitch.Running running ? "--ovsdb " + running.endpoint() : "--with-ovsdb";
    OvsdbServerProcess started = null;
    try {
      OvsdbEndpoint endpoint;
      if (choice instanceof EmulatedSwitch.Running running) {
        endpoint = running.endpoint();
        Bridges.initialize(endpoint, SwitchSettings.DEFAULT_TIMEOUT);
      } else {
        started = OvsdbServerProcess.start(dataDir.resolve(DIRECTORY), searchPath);
        endpoint = started.endpoint();
      }
      for (int i = 0; i < hosts; i++) {
        Bridges.ensure(endpoint, bridge(i), SwitchSettings.DEFAULT_TIMEOUT);
      }
      return new AllInOneSwitch(option, endpoint, started);
    } catch (SwitchException e) {
      if (started != null) started.close();
      throw new ConfigException("all-in-one " + option + ": " + e.getMessage(), e);
    }
  }

  /** The bridge of emulated host {@code compute-N}. */
  static String bridge(int host) {
    return "br-int-" + AllInOneCloud.hostName(host);
  }

  /** What host {@code compute-N}'s agent configuration says of its representors and the switch; nothing without one. */
  List<String> agentLines(int host) {
    List<String> lines = new ArrayList<>();
    if (endpoint == null) {
      return lines;
    }
    lines.addAll(List.of("[ovs]", "plug = true", "bridge = " + bridge(host), "connection = " + endpoint, ""));
    return lines;
  }

  /** {@code [emulated] representor_prefix} of host {@code compute-N}; null without a switch. */
  String representorPrefix(int host) {
    return endpoint == null ? null : "c" + host;
  }

  /** What to tell the operator of the switch; empty without one. */
  Optional<String> usage() {
    if (endpoint == null) {
      return Optional.empty();
    }
    return Optional.of("The emulated hosts plug their representors into bridges br-int-compute-N of the switch at " + endpoint
        + (started == null ? "" : ", an ovsdb-server of this all-in-one (" + option + ")") + ":\n"
        + "  ovs-vsctl --db=" + endpoint + " show");
  }

  @Override
  public void close() {
    if (started != null) started.close();
  }
}
