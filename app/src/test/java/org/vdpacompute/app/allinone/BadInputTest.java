package org.vdpacompute.app.allinone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vdpacompute.api.http.Access;
import org.vdpacompute.api.http.ApiServer;
import org.vdpacompute.api.http.Route;
import org.vdpacompute.app.allinone.RouteCatalog.Bad;
import org.vdpacompute.app.cloud.CloudsYaml;

/**
 * Every route that takes a body, sent bodies that are wrong: malformed JSON, JSON of another
 * shape, unknown fields, each field of a valid body in turn of the wrong type, with a NUL, huge,
 * negative or out of range, or missing when it is required. Each is refused with a 4xx in the
 * service's error shape with a message, and the cloud is as it was (what an administrator sees of
 * flavors, servers, services, networks, subnets, ports, images and devices is the same after the
 * route's bad bodies as before). Two hosts, so that a move an unchecked body let through could
 * happen, and show.
 *
 * <p>One of the longest test classes: ordered early, so that shorter ones fill the time beside it.
 */
@Order(3)
class BadInputTest {
  @TempDir static Path dir;
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String HUGE = "x".repeat(70_000);
  private static AllInOneCloud cloud;
  private static CloudApi admin;
  private static RouteCatalog catalog;

  @BeforeAll
  static void start() throws Exception {
    cloud = AllInOneCloud.start(dir, 0, 2);
    admin = CloudApi.admin(cloud);
    catalog = RouteCatalog.prepare(cloud, admin, CloudApi.demo(cloud), CloudsYaml.password(cloud.cloudsYaml(),
        AllInOneCloud.DEMO_CLOUD));
  }

  @AfterAll
  static void stop() {
    cloud.close();
  }

  /** A bad body, and what is wrong with it. */
  record Variant(String what, String body, String contentType) {}

  @Test
  void everyRouteThatTakesABodyIsKnownToTheCatalog() {
    List<Route> bodyRoutes = cloud.controller().routes().stream().filter(Route::takesBody).toList();
    assertThat(bodyRoutes).hasSizeGreaterThan(15);
    for (Route r : bodyRoutes) catalog.bodies(r);
  }

  @Test
  void everyBadBodyIsRefusedInTheServicesShapeAndChangesNothing() throws Exception {
    int routes = 0;
    int bodies = 0;
    int sent = 0;
    List<String> failures = new ArrayList<>();
    for (Route route : cloud.controller().routes()) {
      if (!route.takesBody() || catalog.bodies(route).isEmpty()) continue;
      routes++;
      String path = catalog.path(route);
      for (RouteCatalog.Body body : catalog.bodies(route)) {
        bodies++;
        String before = snapshot();
        for (Variant v : body.isData() ? dataVariants(body) : variants(body)) {
          HttpResponse<String> r = send(route, path, v);
          sent++;
          String what = body.label() + " with " + v.what() + ": " + r.statusCode() + " " + cut(r.body());
          // 401 is a refusal of a login; of any other call, a token that should have been good.
          boolean login = route.access() instanceof Access.Open;
          if (r.statusCode() < 400 || r.statusCode() >= 500 || (r.statusCode() == 401 && !login)) {
            failures.add("not refused: " + what);
          } else if (!inShape(route, r.body())) {
            failures.add("not in the service's error shape with a message: " + what);
          }
        }
        String after = snapshot();
        if (!after.equals(before)) failures.add(body.label() + ": bad bodies changed the cloud\n" + difference(before, after));
        // The valid body itself is taken (or refused only for the state of the moment): so the bad
        // ones above were refused for what was wrong with them, not for something else.
        HttpResponse<String> valid = send(route, path, new Variant("itself", body.body().get(), body.contentType()));
        if (valid.statusCode() >= 400 && valid.statusCode() != 409) {
          failures.add(body.label() + ": the valid body is refused: " + valid.statusCode() + " " + cut(valid.body()));
        }
        settle();
      }
    }
    System.out.printf("bad input: %d routes, %d bodies, %d bad bodies sent%n", routes, bodies, sent);
    assertThat(failures).as("bad bodies that got other than a 4xx in the service's shape, or changed something").isEmpty();
  }

  private static HttpResponse<String> send(Route route, String path, Variant v) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + cloud.port() + path))
        .timeout(Duration.ofSeconds(30)).header("X-Auth-Token", admin.token())
        .method(route.method().name(), HttpRequest.BodyPublishers.ofString(v.body()));
    if (v.contentType() != null) b.header("Content-Type", v.contentType());
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A body of data sent as something else than data. */
  private static List<Variant> dataVariants(RouteCatalog.Body body) {
    return List.of(new Variant("a JSON content type", body.body().get(), "application/json"),
        new Variant("a text content type", body.body().get(), "text/plain"),
        new Variant("no content type", body.body().get(), null));
  }

  /** Every bad body made from a valid one. */
  static List<Variant> variants(RouteCatalog.Body body) {
    List<Variant> out = new ArrayList<>();
    String valid = body.body().get();
    for (String malformed : List.of("{", "{\"a\": }", valid.substring(0, valid.length() / 2), valid + "}", "",
        "null", "[]", "\"text\"", "42", "true")) {
      out.add(new Variant("malformed or not an object: " + cut(malformed), malformed, "application/json"));
    }
    JsonNode root = body.json();
    walk(body, root, "", out);
    return out;
  }

  private static void walk(RouteCatalog.Body body, JsonNode node, String pointer, List<Variant> out) {
    if (body.opaque().contains(pointer)) return;
    Set<Bad> allowed = body.allowedAt(pointer);
    if (body.required().contains(pointer) && !allowed.contains(Bad.NULL)) {
      out.add(replaced(body, pointer, NODES.nullNode(), "null"));
      out.add(replaced(body, pointer, null, "left out"));
    }
    if (node.isObject()) {
      if (!allowed.contains(Bad.UNKNOWN_FIELD)) out.add(replaced(body, pointer + "/zzz_unknown", NODES.numberNode(1), "an unknown field"));
      if (!pointer.isEmpty() && !allowed.contains(Bad.WRONG_TYPE)) {
        out.add(replaced(body, pointer, NODES.textNode("x"), "a string for an object"));
        out.add(replaced(body, pointer, NODES.arrayNode().add(1), "a list for an object"));
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> f = it.next();
        walk(body, f.getValue(), pointer + "/" + f.getKey().replace("~", "~0").replace("/", "~1"), out);
      }
    } else if (node.isArray()) {
      if (!allowed.contains(Bad.WRONG_TYPE)) {
        out.add(replaced(body, pointer, NODES.textNode("x"), "a string for a list"));
        out.add(replaced(body, pointer, NODES.objectNode().put("a", 1), "an object for a list"));
        out.add(replaced(body, pointer, NODES.arrayNode().add(NODES.objectNode().put("zzz_unknown", 1)),
            "a list of an unknown object"));
      }
      for (int i = 0; i < node.size(); i++) walk(body, node.get(i), pointer + "/" + i, out);
    } else if (node.isTextual()) {
      if (!allowed.contains(Bad.WRONG_TYPE)) {
        out.add(replaced(body, pointer, NODES.objectNode().put("a", 1), "an object for a string"));
        out.add(replaced(body, pointer, NODES.arrayNode().add("a"), "a list for a string"));
      }
      if (!allowed.contains(Bad.NUL)) out.add(replaced(body, pointer, NODES.textNode(node.asText() + "\u0000x"), "a NUL in a string"));
      if (!allowed.contains(Bad.HUGE)) out.add(replaced(body, pointer, NODES.textNode(HUGE), "a string of 70,000 characters"));
    } else if (node.isNumber()) {
      if (!allowed.contains(Bad.WRONG_TYPE)) {
        out.add(replaced(body, pointer, NODES.textNode("abc"), "a word for a number"));
        out.add(replaced(body, pointer, NODES.objectNode(), "an object for a number"));
        out.add(replaced(body, pointer, NODES.booleanNode(true), "a boolean for a number"));
      }
      if (!allowed.contains(Bad.OUT_OF_RANGE)) {
        out.add(replaced(body, pointer, NODES.numberNode(-1), "a negative number"));
        out.add(replaced(body, pointer, NODES.numberNode(1e300), "a number out of any range"));
      }
    } else if (node.isBoolean()) {
      if (!allowed.contains(Bad.WRONG_TYPE)) {
        out.add(replaced(body, pointer, NODES.textNode("maybe"), "a word for a boolean"));
        out.add(replaced(body, pointer, NODES.objectNode(), "an object for a boolean"));
        out.add(replaced(body, pointer, NODES.numberNode(5), "a number for a boolean"));
      }
    }
  }

  /** The valid body with the value at {@code pointer} replaced (null {@code value}: removed). */
  private static Variant replaced(RouteCatalog.Body body, String pointer, JsonNode value, String what) {
    JsonNode root = body.json();
    if (pointer.isEmpty()) return new Variant(what + " as the body", String.valueOf(value), "application/json");
    int cut = pointer.lastIndexOf('/');
    JsonNode parent = root.at(pointer.substring(0, cut));
    String name = pointer.substring(cut + 1).replace("~1", "/").replace("~0", "~");
    if (parent instanceof ObjectNode o) {
      if (value == null) o.remove(name);
      else o.set(name, value);
    } else if (parent instanceof ArrayNode a) {
      int i = Integer.parseInt(name);
      if (value == null) a.remove(i);
      else a.set(i, value);
    }
    return new Variant(what + " at " + pointer, root.toString(), "application/json");
  }

  /** An error body in the shape of the route's service: Nova's fault, Neutron's, Keystone's and Glance's. */
  private static boolean inShape(Route route, String body) {
    try {
      JsonNode json = ApiServer.JSON.readTree(body);
      if (json == null || json.size() != 1) return false;
      String key = json.fieldNames().next();
      String message = json.get(key).path("message").asText("");
      if (message.isBlank() || message.equals("null")) return false;
      String service = route.path().substring(1, route.path().indexOf('/', 1));
      return switch (service) {
        case "networking" -> key.equals("NeutronError") && json.get(key).hasNonNull("type");
        case "identity", "image" -> key.equals("error") && json.get(key).path("code").asInt() >= 400;
        default -> !key.equals("error") && json.get(key).path("code").asInt() >= 400;
      };
    } catch (Exception e) {
      return false;
    }
  }

  /** Waits until no server is being built or changed: what a valid body started has finished. */
  private static void settle() throws Exception {
    admin.awaitJson("/compute/v2.1/servers/detail?all_tenants=1", list -> {
      for (JsonNode s : list.path("servers")) {
        if (!s.path("OS-EXT-STS:task_state").isNull() || s.path("status").asText().equals("BUILD")) return false;
      }
      return true;
    }, Duration.ofSeconds(30));
  }

  /** What an administrator sees of the cloud, without what changes by itself (heartbeats). */
  private static String snapshot() throws Exception {
    RouteCatalog.Fixtures f = catalog.fixtures();
    Map<String, JsonNode> seen = new LinkedHashMap<>();
    for (String path : List.of("/compute/v2.1/flavors/detail?is_public=None",
        "/compute/v2.1/flavors/" + f.flavor() + "/os-extra_specs", "/compute/v2.1/servers/detail?all_tenants=1",
        "/compute/v2.1/servers/" + f.server() + "/os-interface", "/compute/v2.1/os-services",
        "/compute/v2.1/os-pci-devices", "/networking/v2.0/networks", "/networking/v2.0/subnets", "/networking/v2.0/ports",
        "/image/v2/images")) {
      JsonNode json = admin.get(path);
      for (JsonNode service : json.path("services")) ((ObjectNode) service).remove(List.of("updated_at", "state"));
      seen.put(path, json);
    }
    return ApiServer.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(seen);
  }

  private static String difference(String before, String after) {
    List<String> a = List.of(before.split("\n"));
    List<String> b = List.of(after.split("\n"));
    List<String> out = new ArrayList<>();
    for (String line : b) if (!a.contains(line)) out.add("+ " + line);
    for (String line : a) if (!b.contains(line)) out.add("- " + line);
    return String.join("\n", out.subList(0, Math.min(out.size(), 20)));
  }

  private static String cut(String text) {
    return text.length() <= 200 ? text : text.substring(0, 200) + "...";
  }
}
