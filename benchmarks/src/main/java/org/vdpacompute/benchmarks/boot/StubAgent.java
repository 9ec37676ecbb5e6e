package org.vdpacompute.benchmarks.boot;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * One listener standing in for the agents of many simulated hosts: it answers the agent API's
 * calls the controller makes during a boot (define and start a guest, destroy it, list guests) as
 * an agent with nothing to do would. What is measured is the controller, not a hypervisor.
 */
final class StubAgent implements AutoCloseable {
  private final HttpServer server;

  private StubAgent(HttpServer server) {
    this.server = server;
  }

  static StubAgent start() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    server.setExecutor(Executors.newFixedThreadPool(8));
    server.createContext("/host/v1/", StubAgent::answer);
    server.start();
    return new StubAgent(server);
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private static void answer(HttpExchange x) throws IOException {
    try (InputStream body = x.getRequestBody()) {
      body.readAllBytes();
    }
    String path = x.getRequestURI().getPath();
    switch (x.getRequestMethod()) {
      case "PUT" -> {
        String uuid = path.substring(path.lastIndexOf('/') + 1);
        reply(x, 201, "{\"uuid\": \"" + uuid + "\", \"name\": \"instance-" + uuid + "\", \"state\": \"running\"}");
      }
      case "GET" -> reply(x, 200, "{\"guests\": []}");
      default -> reply(x, 204, null);
    }
  }

  private static void reply(HttpExchange x, int status, String json) throws IOException {
    if (json == null) {
      x.sendResponseHeaders(status, -1);
      x.close();
      return;
    }
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().set("Content-Type", "application/json");
    x.sendResponseHeaders(status, bytes.length);
    x.getResponseBody().write(bytes);
    x.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
