package org.vdpacompute.ovs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Open vSwitch's own {@code ovs-vsctl --no-wait} (openvswitch-switch) against a database server:
 * how the tests read back what the code under test wrote, and set up what it finds.
 */
public final class Vsctl {
  private final OvsdbEndpoint endpoint;

  public Vsctl(OvsdbEndpoint endpoint) {
    this.endpoint = endpoint;
  }

  /** The ports of a bridge as {@code ovs-vsctl list-ports} gives them, sorted. */
  public List<String> portsOf(String bridge) {
    String out = run("list-ports", bridge);
    return out.isEmpty() ? List.of() : List.of(out.split("\n"));
  }

  /** One {@code external_ids} key of an interface, as {@code ovs-vsctl get} gives it, unquoted. */
  public String externalId(String iface, String key) {
    return run("get", "Interface", iface, "external_ids:" + key).replace("\"", "");
  }

  /** Runs {@code ovs-vsctl --no-wait} with {@code args}; its output, trimmed. */
  public String run(String... args) {
    List<String> command = new ArrayList<>(List.of("ovs-vsctl", "--db=" + endpoint, "--no-wait", "--timeout=5"));
    command.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
