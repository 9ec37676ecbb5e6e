package org.vdpacompute.api.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vdpacompute.api.http.ApiServer;
import org.vdpacompute.controller.identity.IdentityService;
import org.vdpacompute.controller.identity.InMemoryIdentityStore;
import org.vdpacompute.controller.identity.PasswordHasher;
import org.vdpacompute.controller.identity.PasswordLogin;
import org.vdpacompute.controller.identity.Role;
import org.vdpacompute.controller.image.ImageFiles;
import org.vdpacompute.controller.image.ImageService;
import org.vdpacompute.controller.image.InMemoryImageStore;

/** What the CLI does not exercise: discovery, strict bodies, the upload state machine, paging, visibility. */
class ImageApiTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  @TempDir static Path dir;
  private static ApiServer server;
  private static String base;
  private static String demo;
  private static String alt;
  private static String admin;

  @BeforeAll
  static void start() {
    IdentityService identity = new IdentityService(new InMemoryIdentityStore(), new PasswordHasher(4),
        Clock.systemUTC(), Duration.ofHours(1));
    identity.bootstrap("admin", "admin", "secret", Role.ADMIN);
    identity.bootstrap("demo", "demo", "demo-pw", Role.MEMBER);
    identity.bootstrap("alt", "alt", "alt-pw", Role.MEMBER);
    ImageService images = new ImageService(new InMemoryImageStore(), new ImageFiles(dir), Clock.systemUTC());
    server = ApiServer.start("127.0.0.1", 0, identity::validate, List.of(new ImageApi(images)));
    base = "http://127.0.0.1:" + server.port();
    admin = identity.authenticate(new PasswordLogin(null, "admin", "Default", "secret", null, "admin", "Default")).id();
    demo = identity.authenticate(new PasswordLogin(null, "demo", "Default", "demo-pw", null, "demo", "Default")).id();
    alt = identity.authenticate(new PasswordLogin(null, "alt", "Default", "alt-pw", null, "alt", "Default")).id();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static HttpRequest.Builder request(String token, String path) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
    return token == null ? b : b.header("X-Auth-Token", token);
  }

  private static HttpResponse<String> get(String token, String path) throws Exception {
    return HTTP.send(request(token, path).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> post(String token, String json) throws Exception {
    return HTTP.send(request(token, "/image/v2/images").header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> put(String token, String id, String type, byte[] data) throws Exception {
    return HTTP.send(request(token, "/image/v2/images/" + id + "/file").header("Content-Type", type)
        .PUT(HttpRequest.BodyPublishers.ofByteArray(data)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> delete(String token, String id) throws Exception {
    return HTTP.send(request(token, "/image/v2/images/" + id).DELETE().build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> r) throws Exception {
    return ApiServer.JSON.readTree(r.body());
  }

  private static String create(String token, String json) throws Exception {
    HttpResponse<String> r = post(token, json);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return json(r).get("id").asText();
  }

  @Test
  void versionsNeedNoTokenAndPointAtV2() throws Exception {
    HttpResponse<String> r = get(null, "/image");
    assertThat(r.statusCode()).isEqualTo(300);
    JsonNode current = json(r).get("versions").get(0);
    assertThat(current.get("id").asText()).isEqualTo("v2.9");
    assertThat(current.get("status").asText()).isEqualTo("CURRENT");
    assertThat(current.get("links").get(0).get("href").asText()).isEqualTo(base + "/image/v2/");
    assertThat(get(null, "/image/v2/images").statusCode()).isEqualTo(401);
  }

  @Test
  void createRefusesWhatItWouldOtherwiseIgnore() throws Exception {
    HttpResponse<String> unknown = post(demo, "{\"name\": \"x\", \"colour\": \"blue\"}");
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(json(unknown).get("error").get("message").asText()).isEqualTo("Unrecognized attribute(s) 'colour' for image");
    HttpResponse<String> readOnly = post(demo, "{\"name\": \"x\", \"size\": 5}");
    assertThat(readOnly.statusCode()).isEqualTo(403);
    assertThat(readOnly.body()).contains("Attribute 'size' is read-only.");
    assertThat(post(demo, "{\"owner_specified.openstack.md5\": 5}").statusCode()).isEqualTo(400);
    assertThat(post(demo, "{\"tags\": [\"a\"]}").statusCode()).isEqualTo(400);
    assertThat(post(demo, "{\"disk_format\": \"floppy\"}").body()).contains("Invalid disk_format 'floppy'");
    assertThat(post(demo, "{\"min_ram\": -1}").body()).contains("min_ram must be 0 or more");
    assertThat(post(demo, "[1, 2]").statusCode()).isEqualTo(400);
    assertThat(post(demo, "{\"name\": \"x\", \"owner\": \"someone-else\"}").statusCode()).isEqualTo(403);
  }

  @Test
  void dataGoesInOnceAndComesOutWithItsLengthAndMd5() throws Exception {
    String id = create(demo, "{\"name\": \"once\", \"disk_format\": \"raw\", \"container_format\": \"bare\"}");
    assertThat(get(demo, "/image/v2/images/" + id + "/file").statusCode()).isEqualTo(204);
    byte[] data = "sixteen bytes!!!".getBytes(StandardCharsets.US_ASCII);
    assertThat(put(demo, id, "text/plain", data).statusCode()).isEqualTo(400);
    assertThat(put(alt, id, "application/octet-stream", data).statusCode()).isEqualTo(404);
    assertThat(put(demo, id, "application/octet-stream", data).statusCode()).isEqualTo(204);
    HttpResponse<String> again = put(demo, id, "application/octet-stream", data);
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(again.body()).contains("Image status transition from active to saving is not allowed");
    HttpResponse<byte[]> file = HTTP.send(request(demo, "/image/v2/images/" + id + "/file")
        .header("Accept-Encoding", "gzip").build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(file.statusCode()).isEqualTo(200);
    assertThat(file.body()).isEqualTo(data);
    assertThat(file.headers().firstValue("Content-Type")).contains("application/octet-stream");
    assertThat(file.headers().firstValue("Content-Length")).contains("16");
    assertThat(file.headers().firstValue("Content-Encoding")).isEmpty();
    assertThat(file.headers().firstValue("Content-MD5"))
        .contains(HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data)));
  }

  @Test
  void listsComeInPagesLinkedByNext() throws Exception {
    for (int i = 0; i < 3; i++) create(alt, "{\"name\": \"paged\"}");
    List<String> seen = new ArrayList<>();
    String next = "/v2/images?name=paged&limit=2";
    int pages = 0;
    while (next != null) {
      JsonNode page = json(get(alt, "/image" + next));
      assertThat(page.get("schema").asText()).isEqualTo("/v2/schemas/images");
      assertThat(page.get("first").asText()).isEqualTo("/v2/images?name=paged&limit=2");
      page.get("images").forEach(i -> seen.add(i.get("id").asText()));
      next = page.hasNonNull("next") ? page.get("next").asText() : null;
      pages++;
    }
    assertThat(pages).isEqualTo(2);
    assertThat(seen).hasSize(3).doesNotHaveDuplicates();
    assertThat(json(get(alt, "/image/v2/images?name=paged&status=active")).get("images")).isEmpty();
    assertThat(json(get(alt, "/image/v2/images?name=paged&os_hidden=True")).get("images")).isEmpty();
    assertThat(get(alt, "/image/v2/images?visibility=everyone").body()).contains("Invalid visibility value: everyone");
    assertThat(get(alt, "/image/v2/images?sort_key=name").statusCode()).isEqualTo(400);
    assertThat(get(alt, "/image/v2/images?marker=nope").body()).contains("Invalid marker");
    assertThat(json(get(demo, "/image/v2/images?name=paged")).get("images")).isEmpty();
  }

  @Test
  void anotherProjectsImageIsNotFoundAndAProtectedOneIsKept() throws Exception {
    String id = create(demo, "{\"name\": \"kept\", \"protected\": true, \"visibility\": \"private\"}");
    assertThat(get(alt, "/image/v2/images/" + id).statusCode()).isEqualTo(404);
    assertThat(delete(alt, id).statusCode()).isEqualTo(404);
    HttpResponse<String> refused = delete(demo, id);
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.body()).contains("is protected and cannot be deleted");
    String community = create(demo, "{\"name\": \"for-all\", \"visibility\": \"community\"}");
    assertThat(get(alt, "/image/v2/images/" + community).statusCode()).isEqualTo(200);
    assertThat(delete(alt, community).statusCode()).isEqualTo(403);
    assertThat(delete(admin, community).statusCode()).isEqualTo(204);
  }

  @Test
  void theSchemaSaysWhatIsAccepted() throws Exception {
    JsonNode schema = json(get(demo, "/image/v2/schemas/image"));
    assertThat(schema.get("name").asText()).isEqualTo("image");
    assertThat(schema.get("properties").get("disk_format").get("enum").toString()).contains("null", "\"ploop\"");
    assertThat(schema.get("properties").get("size").get("readOnly").asBoolean()).isTrue();
    assertThat(json(get(demo, "/image/v2/schemas/images")).get("properties").has("images")).isTrue();
  }
}
