package org.vdpacompute.benchmarks.boot;

import static org.vdpacompute.benchmarks.boot.CloudClient.JSON;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * C clients booting N servers between them as users do: each takes the next server to make,
 * creates its vDPA port, creates the server on that port, polls the server until it is no longer
 * building, and takes the next. A boot that fails is recorded as such and the client goes on. They
 * delete servers and ports the same way.
 */
final class BootClients {
  /** How long one server may stay in BUILD before its client gives up on it. */
  static final Duration BOOT_TIMEOUT = Duration.ofMinutes(5);

  private final CloudClient api;
  private final BootContent content;
  private final Duration pollInterval;

  BootClients(CloudClient api, BootContent content, Duration pollInterval) {
    this.api = api;
    this.content = content;
    this.pollInterval = pollInterval;
  }

  /**
   * Boots {@code servers} servers named {@code PREFIX-i} with {@code clients} clients at once; the
   * boots in the order handed out.
   */
  List<Boot> boot(String prefix, int servers, int clients) throws InterruptedException, ExecutionException {
    return boot(prefix, servers, clients, 0);
  }

  /**
   * {@link #boot(String, int, int)} at an offered rate: boot i starts no earlier than i / {@code
   * perSecond} seconds after the first, so that, while the clients keep up, the controller sees
   * that load and not as much as the machine can take. 0 starts each boot as soon as a client is free.
   */
  List<Boot> boot(String prefix, int servers, int clients, double perSecond)
      throws InterruptedException, ExecutionException {
    Boot[] boots = new Boot[servers];
    long start = System.nanoTime();
    fanOut(servers, clients, i -> {
      if (perSecond > 0) {
        long wait = start + (long) (i * 1e9 / perSecond) - System.nanoTime();
        if (wait > 0) Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      }
      boots[i] = boot(prefix + "-" + i);
    });
    return Arrays.asList(boots);
  }

  /** Deletes the servers and then their ports, {@code clients} at once, each server waited for until it is gone. */
  void delete(List<Boot> boots, int clients) throws InterruptedException, ExecutionException {
    fanOut(boots.size(), clients, i -> {
      Boot b = boots.get(i);
      if (b.serverId() != null) {
        api.call("DELETE", "/compute/v2.1/servers/" + b.serverId(), null, 204);
        long deadline = System.nanoTime() + BOOT_TIMEOUT.toNanos();
        while (api.status("GET", "/compute/v2.1/servers/" + b.serverId()) != 404) {
          if (System.nanoTime() > deadline) throw new IllegalStateException("server " + b.serverId() + " is not gone");
          Thread.sleep(pollInterval.toMillis());
        }
      }
      if (b.portId() != null) api.call("DELETE", "/networking/v2.0/ports/" + b.portId(), null, 204);
    });
  }

  /** One item of work, by index. */
  @FunctionalInterface
  interface Item {
    void run(int index) throws IOException, InterruptedException;
  }

  /** Runs items 0 to n-1 on {@code clients} threads, each taking the next item when done with one. */
  static void fanOut(int n, int clients, Item item) throws InterruptedException, ExecutionException {
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        running.add(pool.submit(() -> {
          for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) item.run(i);
          return null;
        }));
      }
      for (Future<?> client : running) client.get();
    } finally {
      pool.shutdownNow();
    }
  }

  private Boot boot(String name) throws InterruptedException {
    String portId = null;
    String serverId = null;
    double portMs = Double.NaN;
    double serverMs = Double.NaN;
    long t0 = System.nanoTime();
    try {
      ObjectNode port = JSON.createObjectNode();
      port.putObject("port").put("network_id", content.networkId()).put("binding:vnic_type", "vdpa").put("name", name);
      portId = api.call("POST", "/networking/v2.0/ports", port, 201).path("port").path("id").asText();
      long t1 = System.nanoTime();
      portMs = millis(t1 - t0);
      ObjectNode server = JSON.createObjectNode();
      server.putObject("server").put("name", name).put("imageRef", content.imageId())
          .put("flavorRef", content.flavorId()).putArray("networks").addObject().put("port", portId);
      serverId = api.call("POST", "/compute/v2.1/servers", server, 202).path("server").path("id").asText();
      serverMs = millis(System.nanoTime() - t1);
      long deadline = t1 + BOOT_TIMEOUT.toNanos();
      for (int polls = 1; ; polls++) {
        Thread.sleep(pollInterval.toMillis());
        JsonNode shown = api.get("/compute/v2.1/servers/" + serverId).path("server");
        long seen = System.nanoTime();
        String status = shown.path("status").asText();
        if (!status.equals("BUILD") || seen > deadline) {
          String outcome = status.equals("ERROR") ? "ERROR: " + shown.path("fault").path("message").asText()
              : status.equals("BUILD") ? "TIMEOUT: still BUILD after " + BOOT_TIMEOUT.toSeconds() + " s" : status;
          return new Boot(serverId, portId, portMs, serverMs, millis(seen - t1), seen, polls, outcome);
        }
      }
    } catch (IOException | RuntimeException e) {
      return new Boot(serverId, portId, portMs, serverMs, Double.NaN, System.nanoTime(), 0, "FAILED: " + e.getMessage());
    }
  }

  private static double millis(long nanos) {
    return nanos / 1e6;
  }
}
