package org.vdpacompute.app.allinone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.vdpacompute.api.OpenStackCli;

/**
 * The all-in-one cloud as an operator meets it: through its clouds.yaml and the real openstack CLI.
 * Each test has a cloud of its own, so they run side by side, the longest first: most of their
 * time is the CLI's.
 */
@Execution(ExecutionMode.CONCURRENT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Order(1)
class AllInOneCloudTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  private static JsonNode ok(OpenStackCli.Result r) {
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    return r.json();
  }

  @Test
  void theCliLogsInThroughTheWrittenCloudsYamlAndSeesTheCatalog(@TempDir Path dir) throws Exception {
    try (AllInOneCloud cloud = AllInOneCloud.start(dir, 0, 2)) {
      OpenStackCli admin = OpenStackCli.forCloud(cloud.cloudsYaml(), AllInOneCloud.ADMIN_CLOUD);
      OpenStackCli demo = OpenStackCli.forCloud(cloud.cloudsYaml(), AllInOneCloud.DEMO_CLOUD);
      assertThat(ok(admin.run("token", "issue", "-f", "json")).get("project_id").asText()).isNotBlank();
      List<String> types = new ArrayList<>();
      for (JsonNode s : ok(demo.run("catalog", "list", "-f", "json"))) types.add(s.get("Type").asText());
      assertThat(types).containsExactlyInAnyOrder("identity", "compute", "network", "image");
      assertThat(cloud.usage()).contains("OS_CLIENT_CONFIG_FILE=" + cloud.cloudsYaml()).contains("OS_CLOUD=vdpa-demo")
          .contains("source " + dir.resolve(AllInOneCloud.OPENRC));
      for (String secret : List.of("vdpa-compute.conf", AllInOneCloud.CLOUDS, AllInOneCloud.OPENRC, AllInOneCloud.ADMIN_OPENRC)) {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(secret)))).as(secret)
            .isEqualTo("rw-------");
      }
      // The legacy clients log in from the openrc files alone: novaclient as the demo member and as the admin.
      ProcessBuilder legacy = new ProcessBuilder("bash", "-c",
          "source \"$1\" && nova list && source \"$2\" && nova service-list --binary nova-compute", "legacy",
          dir.resolve(AllInOneCloud.OPENRC).toString(), dir.resolve(AllInOneCloud.ADMIN_OPENRC).toString())
          .redirectErrorStream(true);
      legacy.environment().keySet().removeIf(k -> k.startsWith("OS_"));
      Process p = legacy.start();
      String said = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      assertThat(p.waitFor()).as(said).isZero();
      assertThat(said).contains("compute-0").contains("compute-1");
    }
  }

  @Test
  void theFlavorsAreThereAndOnlyAnAdminMakesMore(@TempDir Path dir) throws Exception {
    try (AllInOneCloud cloud = AllInOneCloud.start(dir, 0, 2)) {
      OpenStackCli admin = OpenStackCli.forCloud(cloud.cloudsYaml(), AllInOneCloud.ADMIN_CLOUD);
      OpenStackCli demo = OpenStackCli.forCloud(cloud.cloudsYaml(), AllInOneCloud.DEMO_CLOUD);
      List<String> names = new ArrayList<>();
      for (JsonNode f : ok(demo.run("flavor", "list", "-f", "json"))) names.add(f.get("Name").asText());
      assertThat(names).containsExactlyInAnyOrder("m1.tiny", "m1.small", "m1.vdpa");
      JsonNode made = ok(admin.run("flavor", "create", "--vcpus", "2", "--ram", "1024", "--disk", "5",
          "--property", "hw:numa_nodes=1", "m1.numa", "-f", "json"));
      assertThat(made.get("properties").toString()).contains("hw:numa_nodes");
      JsonNode shown = ok(demo.run("flavor", "show", "m1.numa", "-f", "json"));
      assertThat(shown.get("vcpus").asInt()).isEqualTo(2);
      OpenStackCli.Result refused = demo.run("flavor", "create", "--vcpus", "1", "--ram", "64", "--disk", "1", "mine");
      assertThat(refused.exitCode()).isNotZero();
      assertThat(refused.stderr()).contains("os-flavor-manage");
      OpenStackCli.Result badSpec = admin.run("flavor", "set", "--property", "hw:numa_nodes=zero", "m1.numa");
      assertThat(badSpec.exitCode()).isNotZero();
      assertThat(badSpec.stderr()).contains("hw:numa_nodes");
    }
  }

  /**
   * The seed document's workflow, typed into the real CLI as the all-in-one's banner gives it: a
   * vDPA port on the bootstrapped network, a server on it, the port bound to a VF of the server's
   * host, the device back when the server goes.
   */
  @Test
  @Order(3)
  void theSeedWorkflowBootsAServerWithAVdpaPortAndDeleteFreesTheDevice(@TempDir Path dir) throws Exception {
    try (AllInOneCloud cloud = AllInOneCloud.start(dir, 0, 2)) {
      OpenStackCli admin = OpenStackCli.forCloud(cloud.cloudsYaml(), AllInOneCloud.ADMIN_CLOUD);
      OpenStackCli demo = OpenStackCli.forCloud(cloud.cloudsYaml(), AllInOneCloud.DEMO_CLOUD);
      // What the first start made for it: a shared network with a subnet, and an image.
      JsonNode net = ok(demo.run("network", "show", "physnet4-net", "-f", "json"));
      assertThat(net.get("shared").asBoolean()).isTrue();
      assertThat(ok(demo.run("subnet", "list", "-f", "json"))).hasSize(1);
      JsonNode cirros = ok(demo.run("image", "show", "cirros", "-f", "json"));
      assertThat(cirros.get("status").asText()).isEqualTo("active");
      assertThat(cirros.get("size").asLong()).isEqualTo(DemoContent.CIRROS_BYTES);
      // The banner's last two lines, as pasted.
      List<String> banner = cloud.usage().lines().toList();
      for (String line : banner.subList(banner.size() - 2, banner.size())) {
        List<String> words = List.of(line.strip().split(" +"));
        assertThat(words.get(0)).isEqualTo("openstack");
        done(demo.run(words.subList(1, words.size()).toArray(String[]::new)));
      }
      JsonNode listed = ok(demo.run("server", "list", "-f", "json"));
      assertThat(listed).hasSize(1);
      assertThat(listed.get(0).get("Name").asText()).isEqualTo("vm1");
      String id = listed.get(0).get("ID").asText();
      JsonNode shown = ok(admin.run("server", "show", id, "-f", "json"));
      assertThat(shown.get("status").asText()).isEqualTo("ACTIVE");
      String host = shown.get("OS-EXT-SRV-ATTR:host").asText();
      assertThat(host).isIn("compute-0", "compute-1");
      assertThat(shown.get("OS-EXT-SRV-ATTR:hypervisor_hostname").asText()).isEqualTo(host);
      JsonNode port = ok(demo.run("port", "show", "vdpa-port-1", "-f", "json"));
      assertThat(port.get("binding_vnic_type").asText()).isEqualTo("vdpa");
      assertThat(port.get("binding_host_id").asText()).isEqualTo(host);
      assertThat(port.get("device_id").asText()).isEqualTo(id);
      String slot = port.get("binding_profile").get("pci_slot").asText();
      assertThat(slot).isIn("0000:06:00.1", "0000:06:00.2", "0000:06:00.3", "0000:06:00.4");
      assertThat(port.get("binding_profile").get("physical_network").asText()).isEqualTo("physnet4");
      JsonNode vf = null;
      for (JsonNode d : adminGet(cloud, "/compute/v2.1/os-pci-devices?host=" + host).get("pci_devices")) {
        if (d.get("address").asText().equals(slot)) vf = d;
      }
      assertThat(vf).as("the bound slot is a device of the host").isNotNull();
      assertThat(vf.get("status").asText()).isEqualTo("allocated");
      assertThat(vf.get("instance_uuid").asText()).isEqualTo(id);

      OpenStackCli.Result deleted = demo.run("server", "delete", "--wait", "vm1");
      assertThat(deleted.exitCode()).as(deleted.stderr()).isZero();
      assertReferenceHostIsFresh(cloud, host);
      JsonNode released = ok(demo.run("port", "show", "vdpa-port-1", "-f", "json"));
      assertThat(released.get("device_id").asText()).isEmpty();
      assertThat(released.get("binding_host_id").asText()).isEmpty();
      assertThat(ok(demo.run("server", "list", "-f", "json"))).isEmpty();
    }
  }

  /**
   * Every move of the CLI on a server with a vDPA port, confirmed and reverted: after each, where
   * the server is and where its port is bound; at the end both hosts have every device free. With
   * the next test, every lifecycle command; apart, so that the two run side by side.
   */
  @Test
  @Order(1)
  void theCliMovesAVdpaServerAndConfirmsOrRevertsEachMove(@TempDir Path dir) throws Exception {
    try (AllInOneCloud cloud = AllInOneCloud.start(dir, 0, 2)) {
      OpenStackCli admin = OpenStackCli.forCloud(cloud.cloudsYaml(), AllInOneCloud.ADMIN_CLOUD);
      OpenStackCli demo = OpenStackCli.forCloud(cloud.cloudsYaml(), AllInOneCloud.DEMO_CLOUD);
      String id = bootOnAVdpaPort(cloud, demo);
      String host = hostOf(admin, id);

      done(admin.run("server", "migrate", "--wait", id));
      assertThat(status(demo, id)).isEqualTo("VERIFY_RESIZE");
      done(admin.run("server", "migrate", "confirm", id));
      host = awaitSettled(cloud, id, "ACTIVE", other(host));
      // --wait once per kind of move is enough: the CLI only polls; the HTTP polls below cost less.
      done(admin.run("server", "migrate", id));
      awaitSettled(cloud, id, "VERIFY_RESIZE", other(host));
      done(admin.run("server", "migrate", "revert", id));
      host = awaitSettled(cloud, id, "ACTIVE", host);

      done(demo.run("server", "resize", "--flavor", "m1.small", "--wait", "vm"));
      done(demo.run("server", "resize", "confirm", "vm"));
      host = awaitSettled(cloud, id, "ACTIVE", other(host));
      done(demo.run("server", "resize", "--flavor", "m1.vdpa", "vm"));
      awaitSettled(cloud, id, "VERIFY_RESIZE", other(host));
      done(demo.run("server", "resize", "revert", "vm"));
      host = awaitSettled(cloud, id, "ACTIVE", host);

      done(admin.run("server", "migrate", "--live-migration", "--wait", id));
      host = awaitSettled(cloud, id, "ACTIVE", other(host));

      assertDeletedAndFree(cloud, demo, host);
      assertReferenceHostIsFresh(cloud, other(host));
      assertThat(migrations(admin)).contains("migration:confirmed", "migration:reverted", "resize:confirmed",
          "resize:reverted", "live-migration:completed");
    }
  }

  /**
   * The other lifecycle commands of the CLI on a server with a vDPA port: suspend and resume,
   * shelve and unshelve, a second port attached and detached, the host disabled, enabled and
   * forced down, and the server evacuated off it.
   */
  @Test
  @Order(2)
  void theCliCarriesAVdpaServerThroughSuspendShelveAPortAndAnEvacuation(@TempDir Path dir) throws Exception {
    try (AllInOneCloud cloud = AllInOneCloud.start(dir, 0, 2)) {
      OpenStackCli admin = OpenStackCli.forCloud(cloud.cloudsYaml(), AllInOneCloud.ADMIN_CLOUD);
      OpenStackCli demo = OpenStackCli.forCloud(cloud.cloudsYaml(), AllInOneCloud.DEMO_CLOUD);
      String id = bootOnAVdpaPort(cloud, demo);
      String host = awaitSettled(cloud, id, "ACTIVE", null);

      done(demo.run("server", "suspend", "vm"));
      awaitSettled(cloud, id, "SUSPENDED", host);
      done(demo.run("server", "resume", "vm"));
      awaitSettled(cloud, id, "ACTIVE", host);

      done(demo.run("server", "shelve", "vm"));
      awaitSettled(cloud, id, "SHELVED_OFFLOADED", null);
      assertThat(ok(demo.run("port", "show", "p1", "-f", "json")).get("binding_host_id").asText()).isEmpty();
      done(demo.run("server", "unshelve", "vm"));
      host = awaitSettled(cloud, id, "ACTIVE", null);

      ok(demo.run("port", "create", "--network", "physnet4-net", "--vnic-type", "vdpa", "p2", "-f", "json"));
      done(demo.run("server", "add", "port", "vm", "p2"));
      assertThat(ok(demo.run("port", "show", "p2", "-f", "json")).get("binding_host_id").asText()).isEqualTo(host);
      done(demo.run("server", "remove", "port", "vm", "p2"));
      awaitPortFree(cloud, "p2");

      done(admin.run("compute", "service", "set", "--disable", "--disable-reason", "maintenance", host, "nova-compute"));
      done(admin.run("compute", "service", "set", "--enable", host, "nova-compute"));
      done(admin.run("--os-compute-api-version", "2.11", "compute", "service", "set", "--down", host, "nova-compute"));
      OpenStackCli.Result evacuated = admin.run("server", "evacuate", id);
      // python-openstackclient 6.0 reads novaclient's answer to an evacuate as a server and fails
      // after the call; the evacuation itself is what is checked here.
      assertThat(evacuated.exitCode() == 0 || evacuated.stderr().contains("TupleWithMeta")).as(evacuated.stderr()).isTrue();
      String evacuatedTo = awaitSettled(cloud, id, "ACTIVE", other(host));
      done(admin.run("--os-compute-api-version", "2.11", "compute", "service", "set", "--up", host, "nova-compute"));

      assertDeletedAndFree(cloud, demo, evacuatedTo);
      assertThat(migrations(admin)).containsExactly("evacuation:done");
    }
  }

  /**
   * Server {@code vm} on vDPA port {@code p1}, booted with the CLI, once active; its id. Without
   * {@code --wait}, which the seed workflow's test covers: the CLI sleeps 5 s between its polls.
   */
  private static String bootOnAVdpaPort(AllInOneCloud cloud, OpenStackCli demo) throws Exception {
    ok(demo.run("port", "create", "--network", "physnet4-net", "--vnic-type", "vdpa", "p1", "-f", "json"));
    String id = ok(demo.run("server", "create", "--flavor", "m1.vdpa", "--image", "cirros", "--port", "p1", "vm",
        "-f", "json")).get("id").asText();
    awaitSettled(cloud, id, "ACTIVE", null);
    return id;
  }

  /** Deletes {@code vm}: the host it was on gets every device back and port {@code p1} is free. */
  private static void assertDeletedAndFree(AllInOneCloud cloud, OpenStackCli demo, String host) throws Exception {
    String id = CloudApi.demo(cloud).get("/compute/v2.1/servers?name=vm").at("/servers/0/id").asText();
    done(demo.run("server", "delete", "vm"));
    CloudApi.demo(cloud).awaitStatus("/compute/v2.1/servers/" + id, 404, WAIT);
    assertReferenceHostIsFresh(cloud, host);
    assertThat(ok(demo.run("port", "show", "p1", "-f", "json")).get("device_id").asText()).isEmpty();
  }

  /** {@code TYPE:STATUS} of every migration, as the CLI lists them. */
  private static List<String> migrations(OpenStackCli admin) throws Exception {
    List<String> actions = new ArrayList<>();
    for (JsonNode m : ok(admin.run("--os-compute-api-version", "2.23", "server", "migration", "list", "-f", "json"))) {
      actions.add(m.get("Type").asText() + ":" + m.get("Status").asText());
    }
    return actions;
  }

  /** A command that prints no JSON must simply succeed. */
  private static void done(OpenStackCli.Result r) {
    assertThat(r.exitCode()).as(r.stderr()).isZero();
  }

  private static String other(String host) {
    return host.equals("compute-0") ? "compute-1" : "compute-0";
  }

  private static String hostOf(OpenStackCli admin, String id) throws Exception {
    return ok(admin.run("server", "show", id, "-f", "json")).get("OS-EXT-SRV-ATTR:host").asText();
  }

  private static String status(OpenStackCli demo, String id) throws Exception {
    return ok(demo.run("server", "show", id, "-f", "json")).get("status").asText();
  }

  /**
   * Waits until the server has {@code status} and no task, on {@code host} when it is given (else
   * on any host, or none when offloaded), with its vDPA port bound there; answers the host. It
   * polls over HTTP: the commands under test are the CLI's, and a CLI process per poll would cost
   * more than the command.
   */
  private static String awaitSettled(AllInOneCloud cloud, String id, String status, String host) throws Exception {
    CloudApi admin = CloudApi.admin(cloud);
    JsonNode s = admin.awaitJson("/compute/v2.1/servers/" + id, j -> j.at("/server/status").asText().equals(status)
        && j.at("/server/OS-EXT-STS:task_state").isNull(), WAIT).get("server");
    String now = s.get("OS-EXT-SRV-ATTR:host").isNull() ? null : s.get("OS-EXT-SRV-ATTR:host").asText();
    if (host != null) assertThat(now).isEqualTo(host);
    String port = CloudApi.demo(cloud).get("/networking/v2.0/ports?name=p1").at("/ports/0/id").asText();
    String bound = admin.get("/networking/v2.0/ports/" + port).at("/port/binding:host_id").asText();
    assertThat(bound).isEqualTo(now == null ? "" : now);
    return now;
  }

  private static void awaitPortFree(AllInOneCloud cloud, String name) throws Exception {
    CloudApi demo = CloudApi.demo(cloud);
    String port = demo.get("/networking/v2.0/ports?name=" + name).at("/ports/0/id").asText();
    demo.awaitJson("/networking/v2.0/ports/" + port, j -> j.at("/port/device_id").asText().isEmpty(), WAIT);
  }

  @Test
  void theEmulatedHostsRegisterAsComputeServicesAndHypervisors(@TempDir Path dir) throws Exception {
    try (AllInOneCloud cloud = AllInOneCloud.start(dir, 0, 2)) {
      OpenStackCli admin = OpenStackCli.forCloud(cloud.cloudsYaml(), AllInOneCloud.ADMIN_CLOUD);
      JsonNode services = ok(admin.run("compute", "service", "list", "-f", "json"));
      assertThat(services).hasSize(2);
      for (JsonNode s : services) {
        assertThat(s.get("Binary").asText()).isEqualTo("nova-compute");
        assertThat(s.get("State").asText()).isEqualTo("up");
        assertThat(s.get("Status").asText()).isEqualTo("enabled");
      }
      List<String> hosts = new ArrayList<>();
      for (JsonNode h : ok(admin.run("hypervisor", "list", "-f", "json"))) hosts.add(h.get("Hypervisor Hostname").asText());
      assertThat(hosts).containsExactlyInAnyOrder("compute-0", "compute-1");
      assertReferenceHostIsFresh(cloud, "compute-0");
      assertReferenceHostIsFresh(cloud, "compute-1");
      String metrics = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
          java.net.URI.create("http://127.0.0.1:" + cloud.port() + "/metrics")).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString()).body();
      assertThat(metrics).contains("vdpa_pci_devices{dev_type=\"vdpa\",host=\"compute-0\",status=\"available\"} 4.0")
          .contains("vdpa_pci_devices{dev_type=\"type-PF\",host=\"compute-1\",status=\"available\"} 1.0")
          .contains("vdpa_http_requests_total{method=\"GET\",route=\"/compute/v2.1/os-hypervisors/detail\",service=\"compute\",status=\"200\"}")
          .contains("vdpa_http_request_duration_seconds")
          .containsPattern("jvm_gc_collection_seconds_count\\{gc=\"[^\"]+\"\\} [0-9]")
          .contains("jvm_memory_used_bytes{area=\"heap\"}");
      ok(admin.run("compute", "service", "set", "--disable", "--disable-reason", "maintenance", "compute-1", "nova-compute"));
      JsonNode after = ok(admin.run("compute", "service", "list", "--host", "compute-1", "-f", "json"));
      assertThat(after.get(0).get("Status").asText()).isEqualTo("disabled");
      OpenStackCli.Result member = OpenStackCli.forCloud(cloud.cloudsYaml(), AllInOneCloud.DEMO_CLOUD)
          .run("compute", "service", "list", "-f", "json");
      assertThat(member.exitCode()).isNotZero();
      assertThat(member.stderr()).contains("os-services");
    }
  }

  /** CONTRACT section 5: a fresh reference host shows 5 devices, all available: 1 PF and 4 vDPA devices. */
  private static void assertReferenceHostIsFresh(AllInOneCloud cloud, String host) throws Exception {
    JsonNode devices = adminGet(cloud, "/compute/v2.1/os-pci-devices?host=" + host).get("pci_devices");
    assertThat(devices).hasSize(5);
    List<String> types = new ArrayList<>();
    for (JsonNode d : devices) {
      assertThat(d.get("status").asText()).isEqualTo("available");
      assertThat(d.get("physical_network").asText()).isEqualTo("physnet4");
      assertThat(d.get("host").asText()).isEqualTo(host);
      types.add(d.get("dev_type").asText());
    }
    assertThat(types).containsExactlyInAnyOrder("type-PF", "vdpa", "vdpa", "vdpa", "vdpa");
    assertThat(devices.toString()).contains("/dev/vhost-vdpa-0").contains("/dev/vhost-vdpa-3");
  }

  /** A GET with the admin's token, for the extension the openstack CLI has no command for. */
  private static JsonNode adminGet(AllInOneCloud cloud, String path) throws Exception {
    return CloudApi.admin(cloud).get(path);
  }

  @Test
  void aRestartKeepsTheUsersAndTheirPasswords(@TempDir Path dir) throws Exception {
    String firstClouds;
    try (AllInOneCloud cloud = AllInOneCloud.start(dir, 0, 2)) {
      firstClouds = Files.readString(cloud.cloudsYaml()).replaceAll("127\\.0\\.0\\.1:\\d+", "HOST");
    }
    try (AllInOneCloud cloud = AllInOneCloud.start(dir, 0, 2)) {
      assertThat(Files.readString(cloud.cloudsYaml()).replaceAll("127\\.0\\.0\\.1:\\d+", "HOST")).isEqualTo(firstClouds);
      ok(OpenStackCli.forCloud(cloud.cloudsYaml(), AllInOneCloud.DEMO_CLOUD).run("token", "issue", "-f", "json"));
    }
  }
}
