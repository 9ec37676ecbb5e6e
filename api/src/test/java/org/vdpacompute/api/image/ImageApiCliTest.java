package org.vdpacompute.api.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.vdpacompute.api.OpenStackCli;
import org.vdpacompute.api.http.ApiServer;
import org.vdpacompute.api.identity.IdentityApi;
import org.vdpacompute.controller.identity.IdentityService;
import org.vdpacompute.controller.identity.InMemoryIdentityStore;
import org.vdpacompute.controller.identity.PasswordHasher;
import org.vdpacompute.controller.identity.Role;
import org.vdpacompute.controller.image.ImageFiles;
import org.vdpacompute.controller.image.ImageService;
import org.vdpacompute.controller.image.InMemoryImageStore;

/** The real openstack CLI uploads, lists, shows, downloads and deletes an image. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ImageApiCliTest {
  @TempDir static Path dir;
  private static ApiServer server;
  private static Path images;
  private static Path disk;
  private static byte[] data;
  private static OpenStackCli admin;
  private static OpenStackCli demo;
  private static OpenStackCli alt;

  @BeforeAll
  static void start() throws Exception {
    IdentityService identity = new IdentityService(new InMemoryIdentityStore(), new PasswordHasher(4),
        Clock.systemUTC(), Duration.ofHours(1));
    identity.bootstrap("admin", "admin", "secret", Role.ADMIN);
    identity.bootstrap("demo", "demo", "demo-pw", Role.MEMBER);
    identity.bootstrap("alt", "alt", "alt-pw", Role.MEMBER);
    images = dir.resolve("state/images");
    ImageService service = new ImageService(new InMemoryImageStore(), new ImageFiles(images), Clock.systemUTC());
    server = ApiServer.start("127.0.0.1", 0, identity::validate,
        List.of(new IdentityApi(identity), new ImageApi(service)));
    String auth = "http://127.0.0.1:" + server.port() + "/identity/v3";
    admin = new OpenStackCli(auth, "admin", "secret", "admin");
    demo = new OpenStackCli(auth, "demo", "demo-pw", "demo");
    alt = new OpenStackCli(auth, "alt", "alt-pw", "alt");
    // More than one 64 KiB buffer of the server's, and not a multiple of one.
    data = new byte[150_001];
    new SplittableRandom(4).nextBytes(data);
    disk = Files.write(dir.resolve("cirros.raw"), data);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static JsonNode ok(OpenStackCli.Result r) {
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    return r.json();
  }

  private static List<String> names(OpenStackCli cli) throws Exception {
    List<String> names = new ArrayList<>();
    for (JsonNode i : ok(cli.run("image", "list", "-f", "json"))) names.add(i.get("Name").asText());
    return names;
  }

  @Test
  @Order(1)
  void aMemberCreatesAnImageFromAFile() throws Exception {
    JsonNode image = ok(demo.run("image", "create", "--disk-format", "raw", "--container-format", "bare", "--private",
        "--file", disk.toString(), "cirros-vdpa", "-f", "json"));
    assertThat(image.get("name").asText()).isEqualTo("cirros-vdpa");
    assertThat(image.get("disk_format").asText()).isEqualTo("raw");
    assertThat(image.get("container_format").asText()).isEqualTo("bare");
    assertThat(image.get("visibility").asText()).isEqualTo("private");
  }

  @Test
  @Order(2)
  void itIsListedAndShownActiveWithItsSizeAndChecksum() throws Exception {
    assertThat(names(demo)).containsExactly("cirros-vdpa");
    JsonNode shown = ok(demo.run("image", "show", "cirros-vdpa", "-f", "json"));
    assertThat(shown.get("status").asText()).isEqualTo("active");
    assertThat(shown.get("size").asLong()).isEqualTo(data.length);
    assertThat(shown.get("checksum").asText()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data)));
    String sha512 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-512").digest(data));
    assertThat(shown.toString()).contains(sha512);
  }

  @Test
  @Order(3)
  void itDownloadsAsTheSameBytes() throws Exception {
    Path out = dir.resolve("out.raw");
    OpenStackCli.Result saved = demo.run("image", "save", "--file", out.toString(), "cirros-vdpa");
    assertThat(saved.exitCode()).as(saved.stderr()).isZero();
    assertThat(Files.readAllBytes(out)).isEqualTo(data);
  }

  @Test
  @Order(4)
  void anotherProjectNeitherSeesNorShowsAPrivateImage() throws Exception {
    assertThat(names(alt)).isEmpty();
    OpenStackCli.Result shown = alt.run("image", "show", "cirros-vdpa", "-f", "json");
    assertThat(shown.exitCode()).isNotZero();
    assertThat(shown.stderr()).contains("No Image found for cirros-vdpa");
    assertThat(names(admin)).containsExactly("cirros-vdpa");
  }

  @Test
  @Order(5)
  void aMemberMayNotMakeAPublicImageButAnAdminMay() throws Exception {
    OpenStackCli.Result refused = demo.run("image", "create", "--disk-format", "raw", "--container-format", "bare",
        "--public", "--file", disk.toString(), "everyones", "-f", "json");
    assertThat(refused.exitCode()).isNotZero();
    assertThat(refused.stderr()).contains("403").contains("publicize_image");
    ok(admin.run("image", "create", "--disk-format", "qcow2", "--container-format", "bare", "--public",
        "--file", disk.toString(), "everyones", "-f", "json"));
    assertThat(names(alt)).containsExactly("everyones");
    assertThat(ok(alt.run("image", "show", "everyones", "-f", "json")).get("status").asText()).isEqualTo("active");
  }

  @Test
  @Order(6)
  void deletingRemovesTheImageAndItsData() throws Exception {
    OpenStackCli.Result deleted = demo.run("image", "delete", "cirros-vdpa");
    assertThat(deleted.exitCode()).as(deleted.stderr()).isZero();
    assertThat(demo.run("image", "show", "cirros-vdpa", "-f", "json").exitCode()).isNotZero();
    assertThat(names(demo)).containsExactly("everyones");
    try (Stream<Path> files = Files.list(images)) {
      assertThat(files.toList()).hasSize(1);
    }
  }
}
