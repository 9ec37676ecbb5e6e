package org.vdpacompute.app.recovery;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.vdpacompute.app.allinone.CloudApi;

/**
 * The kill-and-restart campaign: for every operation and every step boundary its sagas reach, a
 * server is brought to the operation, the operation asked for, and at that boundary its controller
 * is killed (the saga halted there, the controller closed and started again, its recovery run) or
 * the agent of one of its hosts is killed (and started again once the saga is over); then the cloud
 * must settle with every {@link Invariants invariant} holding, and the server's delete must leave
 * every device free.
 */
final class Campaign {
  static final String SERVERS = "/compute/v2.1/servers";
  /** Roomy: a loaded two-core machine; a case that settles sooner does not wait. */
  private static final Duration SETTLE = Duration.ofSeconds(60);

  /** Who is killed at the boundary. */
  enum Kill {
    CONTROLLER,
    /** The agent of the host the server is on when the operation is asked (every host's, for a placement). */
    SOURCE_AGENT,
    /** The agents of every other host: the destination's, whichever the scheduler picks. */
    DESTINATION_AGENT,
    /**
     * The controller and, at the same moment, the agent of the server's host (every host's, for a
     * placement), which is started again only once the controller's recovery has run without it.
     */
    CONTROLLER_AND_SOURCE_AGENT;

    boolean controller() {
      return this == CONTROLLER || this == CONTROLLER_AND_SOURCE_AGENT;
    }
  }

  /**
   * What was tried and what held.
   *
   * @param hardRebooted whether the server was left in ERROR, and held once a HARD reboot rebuilt it
   */
  record Result(String operation, Kill kill, int boundary, boolean hardRebooted, List<String> violations) {
    boolean held() {
      return violations.isEmpty();
    }

    @Override
    public String toString() {
      return operation + " / " + kill + " at boundary " + boundary + (hardRebooted ? " (HARD reboot)" : "")
          + (held() ? ": held" : ": " + violations);
    }
  }

  private final Cluster cluster;
  private final CrashHook hook;
  private final ExecutorService background = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "campaign-call");
    t.setDaemon(true);
    return t;
  });
  private int turn;

  Campaign(Cluster cluster, CrashHook hook) {
    this.cluster = cluster;
    this.hook = hook;
  }

  /** The boundaries an operation's sagas reach when nothing is killed, by a dry run. */
  int boundaries(Operation op) throws Exception {
    Subject s = op.prepare(this, 0);
    hook.count();
    s = op.start(this, s, 0);
    // An operation the API answers only once it is done (an attach) has not begun when it is asked.
    Instant deadline = Instant.now().plus(SETTLE);
    while (hook.seen().stream().noneMatch(b -> b.step() == null) && Instant.now().isBefore(deadline)) Thread.sleep(20);
    awaitSettled(0, s.server());
    int n = hook.seen().size();
    cleanUp(0, s);
    return n;
  }

  /** One case: the operation, killed at one boundary, recovered, checked, cleaned up. */
  Result run(Operation op, Kill kill, int boundary) throws Exception {
    long began = System.nanoTime();
    int c = turn++ % cluster.controllers();
    Subject prepared = op.prepare(this, c);
    List<String> killedAgents = new ArrayList<>();
    hook.arm(boundary, kill.controller(), () -> {
      if (kill == Kill.CONTROLLER) return;
      for (String host : agentsOf(kill, prepared)) {
        cluster.killAgent(host);
        killedAgents.add(host);
      }
    });
    Subject s = op.start(this, prepared, c);
    boolean fired = hook.awaitFired(SETTLE);
    hook.disarm();
    List<String> violations = new ArrayList<>();
    if (!fired) violations.add("boundary " + boundary + " was never reached");
    if (kill.controller()) {
      cluster.killController(c);
      cluster.startController(c);
    }
    if (kill != Kill.CONTROLLER) {
      try {
        if (kill.controller()) awaitRecovered(c);
        awaitSettled(c, s.server());
      } catch (AssertionError e) {
        violations.add("with " + killedAgents + " down, a server stayed in a task: " + e.getMessage());
      }
      for (String host : killedAgents) cluster.startAgent(host);
      // A host the case forced down (an evacuation's source) comes back as its operator would bring it.
      for (String host : killedAgents) forceDown(admin(c), host, false);
      for (String host : killedAgents) {
        try {
          awaitUp(c, host);
        } catch (AssertionError e) {
          violations.add("the agent of " + host + " did not come back: " + e.getMessage());
        }
      }
    }
    boolean rebooted = hardRebootedIfError(c, s, violations);
    violations.addAll(Invariants.awaitHeld(cluster, cluster.admin(c), SETTLE));
    violations.addAll(cleanUp(c, s));
    System.out.printf("case %s / %s at %d: %d ms%s%s%n", op, kill, boundary, (System.nanoTime() - began) / 1_000_000,
        rebooted ? " (HARD reboot)" : "", violations.isEmpty() ? "" : " " + violations);
    return new Result(op.name(), kill, boundary, rebooted, violations);
  }

  private List<String> agentsOf(Kill kill, Subject s) {
    if (s.host() == null) return cluster.hosts();
    return cluster.hosts().stream().filter(h -> h.equals(s.host()) == (kill != Kill.DESTINATION_AGENT)).toList();
  }

  /** Waits until the restarted controller's recovery has run: no server is in a task any more but a delete. */
  private void awaitRecovered(int c) throws Exception {
    admin(c).awaitJson(SERVERS + "/detail?all_tenants=1", j -> {
      for (JsonNode server : j.get("servers")) {
        String task = server.at("/OS-EXT-STS:task_state").asText(null);
        if (task != null && !task.equals("deleting")) return false;
      }
      return true;
    }, SETTLE);
  }

  /**
   * A server the kill left in ERROR (a move whose undoing failed too, with its host unreachable)
   * gets what an operator gives it: a HARD reboot, which must bring it back ACTIVE on its host. A
   * server in ERROR may until then hold devices on the other host of its move.
   *
   * @return whether the server was in ERROR
   */
  private boolean hardRebootedIfError(int c, Subject s, List<String> violations) throws Exception {
    JsonNode server;
    try {
      server = awaitSettled(c, s.server());
    } catch (AssertionError e) {
      violations.add("the server never settled: " + e.getMessage());
      return false;
    }
    if (!server.get("status").asText().equals("ERROR") || server.get("OS-EXT-SRV-ATTR:host").isNull()) return false;
    action(admin(c), 202, s.server(), "{\"reboot\": {\"type\": \"HARD\"}}");
    JsonNode after = awaitSettled(c, s.server());
    if (!after.get("status").asText().equals("ACTIVE")) {
      violations.add("a HARD reboot of the server in ERROR left it " + after.get("status").asText() + ": "
          + after.get("fault"));
    }
    return true;
  }

  /** Deletes the subject's servers and puts its hosts back; what a delete left held is a violation. */
  private List<String> cleanUp(int c, Subject s) throws Exception {
    CloudApi admin = cluster.admin(c);
    for (String host : cluster.hosts()) forceDown(admin, host, false);
    List<String> left = new ArrayList<>();
    // Every controller sees the hosts up again before the next case: another one reads a host's
    // status changes every few seconds.
    for (int i = 0; i < cluster.controllers(); i++) {
      for (String host : cluster.hosts()) {
        try {
          awaitUp(i, host);
        } catch (AssertionError e) {
          left.add("controller " + i + " does not see " + host + " up: " + e.getMessage());
        }
      }
    }
    for (JsonNode server : admin.get(SERVERS + "?all_tenants=1").get("servers")) {
      admin.call("DELETE", SERVERS + "/" + server.get("id").asText(), null);
    }
    for (JsonNode server : admin.get(SERVERS + "?all_tenants=1").get("servers")) {
      try {
        admin.awaitStatus(SERVERS + "/" + server.get("id").asText(), 404, SETTLE);
      } catch (AssertionError e) {
        left.add("server " + server.get("id").asText() + " was not deleted: " + admin.get(SERVERS + "/"
            + server.get("id").asText()));
      }
    }
    Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
    List<String> held;
    do {
      held = new ArrayList<>();
      for (JsonNode d : admin.get("/compute/v2.1/os-pci-devices").get("pci_devices")) {
        if (!d.get("status").asText().equals("available")) {
          held.add(d.get("host").asText() + "/" + d.get("address").asText() + " " + d.get("status").asText() + " by "
              + d.get("instance_uuid").asText(null));
        }
      }
      if (!held.isEmpty()) Thread.sleep(50);
    } while (!held.isEmpty() && Instant.now().isBefore(deadline));
    if (!held.isEmpty()) left.add("after the delete, devices are still held: " + held);
    for (String host : cluster.hosts()) {
      for (String server : s.servers()) {
        if (java.nio.file.Files.exists(cluster.domainFile(host, server))) left.add("after the delete, " + host
            + " still defines guest " + server);
      }
    }
    // The ports the case made and its servers gave back: a network's addresses last a few hundred cases.
    for (JsonNode p : admin.get("/networking/v2.0/ports").get("ports")) {
      if (p.get("device_id").asText("").isEmpty()) {
        admin.call("DELETE", "/networking/v2.0/ports/" + p.get("id").asText(), null);
      }
    }
    return left;
  }

  // What the operations use.

  CloudApi demo(int c) throws Exception {
    return cluster.demo(c);
  }

  CloudApi admin(int c) throws Exception {
    return cluster.admin(c);
  }

  String network(int c) throws Exception {
    return demo(c).get("/networking/v2.0/networks?name=physnet4-net").at("/networks/0/id").asText();
  }

  String vdpaPort(int c) throws Exception {
    return demo(c).expect(201, "POST", "/networking/v2.0/ports", "{\"port\": {\"network_id\": \"" + network(c)
        + "\", \"binding:vnic_type\": \"vdpa\"}}").at("/port/id").asText();
  }

  /** Boots a server with a vDPA port and waits for it to be ACTIVE. */
  Subject boot(int c) throws Exception {
    String port = vdpaPort(c);
    String server = bootAsync(c, port);
    JsonNode s = awaitSettled(c, server);
    if (!s.get("status").asText().equals("ACTIVE")) throw new AssertionError("the boot failed: " + s);
    return new Subject(server, List.of(server), port, s.get("OS-EXT-SRV-ATTR:host").asText());
  }

  String bootAsync(int c, String port) throws Exception {
    String image = demo(c).get("/image/v2/images?name=cirros").at("/images/0/id").asText();
    return demo(c).expect(202, "POST", SERVERS, "{\"server\": {\"name\": \"vm\", \"imageRef\": \"" + image
        + "\", \"flavorRef\": \"vdpa\", \"networks\": [{\"port\": \"" + port + "\"}]}}").at("/server/id").asText();
  }

  void action(CloudApi who, int expected, String server, String body) throws Exception {
    who.expect(expected, "POST", SERVERS + "/" + server + "/action", body);
  }

  /** Calls in the background: for the API calls that wait for their operation, which a kill cuts short. */
  void inBackground(Callable call) {
    background.submit(() -> {
      call.run();
      return null;
    });
  }

  @FunctionalInterface
  interface Callable {
    void run() throws Exception;
  }

  static void forceDown(CloudApi admin, String host, boolean down) throws Exception {
    admin.call("PUT", "/compute/v2.1/os-services/force-down", "{\"host\": \"" + host
        + "\", \"binary\": \"nova-compute\", \"forced_down\": " + down + "}", "2.11");
  }

  /** Waits until the server has no task and is not building; its JSON then. */
  JsonNode awaitSettled(int c, String server) throws Exception {
    return admin(c).awaitJson(SERVERS + "/" + server, j -> j.at("/server/OS-EXT-STS:task_state").isNull()
        && !j.at("/server/status").asText().equals("BUILD"), SETTLE).get("server");
  }

  JsonNode awaitStatus(int c, String server, String status) throws Exception {
    JsonNode s = awaitSettled(c, server);
    if (!s.get("status").asText().equals(status)) throw new AssertionError("expected " + status + ": " + s);
    return s;
  }

  private void awaitUp(int c, String host) throws Exception {
    admin(c).awaitJson("/compute/v2.1/os-services", j -> {
      for (JsonNode s : j.get("services")) {
        if (s.get("host").asText().equals(host) && s.get("state").asText().equals("up")) return true;
      }
      return false;
    }, SETTLE);
  }

  void close() {
    background.shutdownNow();
  }

  /**
   * The server an operation works on, and what else it made.
   *
   * @param servers every server the case made, for its clean-up
   * @param host the host the server is on when the operation is asked; null before it has one
   */
  record Subject(String server, List<String> servers, String port, String host) {}

  /** The operations of the campaign: how a server is brought to one, and how it is asked for. */
  enum Operation {
    BUILD {
      @Override
      Subject prepare(Campaign k, int c) throws Exception {
        return new Subject(null, List.of(), k.vdpaPort(c), null);
      }

      @Override
      Subject start(Campaign k, Subject s, int c) throws Exception {
        String server = k.bootAsync(c, s.port());
        return new Subject(server, List.of(server), s.port(), null);
      }
    },
    COLD_MIGRATION {
      @Override
      Subject start(Campaign k, Subject s, int c) throws Exception {
        k.action(k.admin(c), 202, s.server(), "{\"migrate\": null}");
        return s;
      }
    },
    RESIZE_CONFIRM {
      @Override
      Subject prepare(Campaign k, int c) throws Exception {
        Subject s = k.boot(c);
        k.action(k.admin(c), 202, s.server(), "{\"migrate\": null}");
        k.awaitStatus(c, s.server(), "VERIFY_RESIZE");
        return s;
      }

      @Override
      Subject start(Campaign k, Subject s, int c) throws Exception {
        k.action(k.demo(c), 204, s.server(), "{\"confirmResize\": null}");
        return s;
      }
    },
    RESIZE_REVERT {
      @Override
      Subject prepare(Campaign k, int c) throws Exception {
        Subject s = k.boot(c);
        k.action(k.demo(c), 202, s.server(), "{\"resize\": {\"flavorRef\": \"2\"}}");
        k.awaitStatus(c, s.server(), "VERIFY_RESIZE");
        return s;
      }

      @Override
      Subject start(Campaign k, Subject s, int c) throws Exception {
        k.action(k.demo(c), 202, s.server(), "{\"revertResize\": null}");
        return s;
      }
    },
    LIVE_MIGRATION {
      @Override
      Subject start(Campaign k, Subject s, int c) throws Exception {
        k.action(k.admin(c), 202, s.server(), "{\"os-migrateLive\": {\"host\": null, \"block_migration\": \"auto\"}}");
        return s;
      }
    },
    EVACUATION {
      @Override
      Subject prepare(Campaign k, int c) throws Exception {
        Subject s = k.boot(c);
        forceDown(k.admin(c), s.host(), true);
        return s;
      }

      @Override
      Subject start(Campaign k, Subject s, int c) throws Exception {
        k.action(k.admin(c), 200, s.server(), "{\"evacuate\": {}}");
        return s;
      }
    },
    SHELVE_OFFLOAD {
      @Override
      Subject start(Campaign k, Subject s, int c) throws Exception {
        k.action(k.demo(c), 202, s.server(), "{\"shelve\": null}");
        return s;
      }
    },
    UNSHELVE {
      @Override
      Subject prepare(Campaign k, int c) throws Exception {
        Subject s = k.boot(c);
        k.action(k.demo(c), 202, s.server(), "{\"shelve\": null}");
        k.awaitStatus(c, s.server(), "SHELVED_OFFLOADED");
        return new Subject(s.server(), s.servers(), s.port(), null);
      }

      @Override
      Subject start(Campaign k, Subject s, int c) throws Exception {
        k.action(k.demo(c), 202, s.server(), "{\"unshelve\": null}");
        return s;
      }
    },
    ATTACH {
      @Override
      Subject prepare(Campaign k, int c) throws Exception {
        Subject s = k.boot(c);
        return new Subject(s.server(), s.servers(), k.vdpaPort(c), s.host());
      }

      @Override
      Subject start(Campaign k, Subject s, int c) throws Exception {
        CloudApi demo = k.demo(c);
        // The API answers an attach when it is done, which a kill cuts short.
        k.inBackground(() -> demo.call("POST", SERVERS + "/" + s.server() + "/os-interface",
            "{\"interfaceAttachment\": {\"port_id\": \"" + s.port() + "\"}}"));
        return s;
      }
    },
    DETACH {
      @Override
      Subject prepare(Campaign k, int c) throws Exception {
        Subject s = k.boot(c);
        String second = k.vdpaPort(c);
        k.demo(c).expect(200, "POST", SERVERS + "/" + s.server() + "/os-interface",
            "{\"interfaceAttachment\": {\"port_id\": \"" + second + "\"}}");
        return new Subject(s.server(), s.servers(), second, s.host());
      }

      @Override
      Subject start(Campaign k, Subject s, int c) throws Exception {
        k.demo(c).expect(202, "DELETE", SERVERS + "/" + s.server() + "/os-interface/" + s.port(), null);
        return s;
      }
    };

    /** Brings a server to the operation, through controller {@code c}. */
    Subject prepare(Campaign k, int c) throws Exception {
      return k.boot(c);
    }

    /** Asks for the operation through controller {@code c}; the subject as it is then. */
    abstract Subject start(Campaign k, Subject s, int c) throws Exception;
  }
}
