package org.vdpacompute.app.allinone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vdpacompute.api.OpenStackCli;

/** The all-in-one cloud as an operator meets it: through its clouds.yaml and the real openstack CLI. */
class AllInOneCloudTest {

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
      assertThat(cloud.usage()).contains("OS_CLIENT_CONFIG_FILE=" + cloud.cloudsYaml()).contains("OS_CLOUD=vdpa-demo");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("vdpa-compute.conf"))))
          .isEqualTo("rw-------");
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

  @Test
  void theSeedWorkflowsPortIsMadeOnTheBootstrappedNetwork(@TempDir Path dir) throws Exception {
    try (AllInOneCloud cloud = AllInOneCloud.start(dir, 0, 1)) {
      OpenStackCli demo = OpenStackCli.forCloud(cloud.cloudsYaml(), AllInOneCloud.DEMO_CLOUD);
      JsonNode net = ok(demo.run("network", "show", "physnet4-net", "-f", "json"));
      assertThat(net.get("name").asText()).isEqualTo("physnet4-net");
      assertThat(net.get("shared").asBoolean()).isTrue();
      assertThat(ok(demo.run("subnet", "list", "-f", "json"))).hasSize(1);
      JsonNode cirros = ok(demo.run("image", "show", "cirros", "-f", "json"));
      assertThat(cirros.get("status").asText()).isEqualTo("active");
      assertThat(cirros.get("size").asLong()).isEqualTo(DemoContent.CIRROS_BYTES);
      JsonNode port = ok(demo.run("port", "create", "--network", "physnet4-net", "--vnic-type", "vdpa", "vdpa-port", "-f", "json"));
      assertThat(port.get("binding_vnic_type").asText()).isEqualTo("vdpa");
      assertThat(ok(demo.run("port", "list", "-f", "json"))).hasSize(1);
    }
  }

  /**
   * The seed document's workflow, typed into the real CLI: a vDPA port, a server on it, the port
   * bound to a VF of the server's host, the device back when the server goes.
   */
  @Test
  void theSeedWorkflowBootsAServerWithAVdpaPortAndDeleteFreesTheDevice(@TempDir Path dir) throws Exception {
    try (AllInOneCloud cloud = AllInOneCloud.start(dir, 0, 2)) {
      OpenStackCli admin = OpenStackCli.forCloud(cloud.cloudsYaml(), AllInOneCloud.ADMIN_CLOUD);
      OpenStackCli demo = OpenStackCli.forCloud(cloud.cloudsYaml(), AllInOneCloud.DEMO_CLOUD);
      assertThat(ok(demo.run("image", "list", "-f", "json")).findValuesAsText("Name")).contains("cirros");
      assertThat(ok(demo.run("network", "list", "-f", "json")).findValuesAsText("Name")).contains("physnet4-net");
      ok(demo.run("port", "create", "--network", "physnet4-net", "--vnic-type", "vdpa", "vdpa-port", "-f", "json"));
      JsonNode server = ok(demo.run("server", "create", "--flavor", "m1.vdpa", "--image", "cirros", "--port", "vdpa-port",
          "--wait", "vdpa-vm", "-f", "json"));
      assertThat(server.get("status").asText()).isEqualTo("ACTIVE");
      String id = server.get("id").asText();
      JsonNode shown = ok(admin.run("server", "show", id, "-f", "json"));
      assertThat(shown.get("status").asText()).isEqualTo("ACTIVE");
      String host = shown.get("OS-EXT-SRV-ATTR:host").asText();
      assertThat(host).isIn("compute-0", "compute-1");
      assertThat(shown.get("OS-EXT-SRV-ATTR:hypervisor_hostname").asText()).isEqualTo(host);
      JsonNode port = ok(demo.run("port", "show", "vdpa-port", "-f", "json"));
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
      assertThat(ok(demo.run("server", "list", "-f", "json"))).hasSize(1);

      OpenStackCli.Result deleted = demo.run("server", "delete", "--wait", "vdpa-vm");
      assertThat(deleted.exitCode()).as(deleted.stderr()).isZero();
      assertReferenceHostIsFresh(cloud, host);
      JsonNode released = ok(demo.run("port", "show", "vdpa-port", "-f", "json"));
      assertThat(released.get("device_id").asText()).isEmpty();
      assertThat(released.get("binding_host_id").asText()).isEmpty();
      assertThat(ok(demo.run("server", "list", "-f", "json"))).isEmpty();
    }
  }

  /**
   * Every move and lifecycle command of the CLI on a server with a vDPA port: after each, where the
   * server is and where its port is bound; at the end both hosts have every device free.
   */
  @Test
  void theCliCarriesAVdpaServerThroughEveryLifecycleCommand(@TempDir Path dir) throws Exception {
    try (AllInOneCloud cloud = AllInOneCloud.start(dir, 0, 2)) {
      OpenStackCli admin = OpenStackCli.forCloud(cloud.cloudsYaml(), AllInOneCloud.ADMIN_CLOUD);
      OpenStackCli demo = OpenStackCli.forCloud(cloud.cloudsYaml(), AllInOneCloud.DEMO_CLOUD);
      ok(demo.run("port", "create", "--network", "physnet4-net", "--vnic-type", "vdpa", "p1", "-f", "json"));
      String id = ok(demo.run("server", "create", "--flavor", "m1.vdpa", "--image", "cirros", "--port", "p1", "--wait", "vm",
          "-f", "json")).get("id").asText();
      String host = hostOf(admin, id);

      done(admin.run("server", "migrate", "--wait", id));
      assertThat(status(demo, id)).isEqualTo("VERIFY_RESIZE");
      done(admin.run("server", "migrate", "confirm", id));
      host = awaitSettled(admin, demo, id, "ACTIVE", other(host));
      done(admin.run("server", "migrate", "--wait", id));
      done(admin.run("server", "migrate", "revert", id));
      host = awaitSettled(admin, demo, id, "ACTIVE", host);

      done(demo.run("server", "resize", "--flavor", "m1.small", "--wait", "vm"));
      done(demo.run("server", "resize", "confirm", "vm"));
      host = awaitSettled(admin, demo, id, "ACTIVE", other(host));
      done(demo.run("server", "resize", "--flavor", "m1.vdpa", "--wait", "vm"));
      done(demo.run("server", "resize", "revert", "vm"));
      host = awaitSettled(admin, demo, id, "ACTIVE", host);

      done(admin.run("server", "migrate", "--live-migration", "--wait", id));
      host = awaitSettled(admin, demo, id, "ACTIVE", other(host));

      done(demo.run("server", "suspend", "vm"));
      awaitSettled(admin, demo, id, "SUSPENDED", host);
      done(demo.run("server", "resume", "vm"));
      awaitSettled(admin, demo, id, "ACTIVE", host);

      done(demo.run("server", "shelve", "vm"));
      awaitSettled(admin, demo, id, "SHELVED_OFFLOADED", null);
      assertThat(ok(demo.run("port", "show", "p1", "-f", "json")).get("binding_host_id").asText()).isEmpty();
      done(demo.run("server", "unshelve", "vm"));
      host = awaitSettled(admin, demo, id, "ACTIVE", null);

      ok(demo.run("port", "create", "--network", "physnet4-net", "--vnic-type", "vdpa", "p2", "-f", "json"));
      done(demo.run("server", "add", "port", "vm", "p2"));
      assertThat(ok(demo.run("port", "show", "p2", "-f", "json")).get("binding_host_id").asText()).isEqualTo(host);
      done(demo.run("server", "remove", "port", "vm", "p2"));
      awaitPortFree(demo, "p2");

      done(admin.run("compute", "service", "set", "--disable", "--disable-reason", "maintenance", host, "nova-compute"));
      done(admin.run("compute", "service", "set", "--enable", host, "nova-compute"));
      done(admin.run("--os-compute-api-version", "2.11", "compute", "service", "set", "--down", host, "nova-compute"));
      OpenStackCli.Result evacuated = admin.run("server", "evacuate", id);
      // python-openstackclient 6.0 reads novaclient's answer to an evacuate as a server and fails
      // after the call; the evacuation itself is what is checked here.
      assertThat(evacuated.exitCode() == 0 || evacuated.stderr().contains("TupleWithMeta")).as(evacuated.stderr()).isTrue();
      String evacuatedTo = awaitSettled(admin, demo, id, "ACTIVE", other(host));
      done(admin.run("--os-compute-api-version", "2.11", "compute", "service", "set", "--up", host, "nova-compute"));

      done(demo.run("server", "delete", "--wait", "vm"));
      assertReferenceHostIsFresh(cloud, evacuatedTo);
      assertThat(ok(demo.run("port", "show", "p1", "-f", "json")).get("device_id").asText()).isEmpty();
      List<String> actions = new ArrayList<>();
      for (JsonNode m : ok(admin.run("--os-compute-api-version", "2.23", "server", "migration", "list", "-f", "json"))) {
        actions.add(m.get("Type").asText() + ":" + m.get("Status").asText());
      }
      assertThat(actions).contains("migration:confirmed", "migration:reverted", "resize:confirmed", "resize:reverted",
          "live-migration:completed", "evacuation:done");
    }
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
   * on any host, or none when offloaded), with its vDPA port bound there; answers the host.
   */
  private static String awaitSettled(OpenStackCli admin, OpenStackCli demo, String id, String status, String host)
      throws Exception {
    JsonNode s = null;
    for (int i = 0; i < 100; i++) {
      s = ok(admin.run("server", "show", id, "-f", "json"));
      if (s.get("status").asText().equals(status) && s.get("OS-EXT-STS:task_state").isNull()) break;
      Thread.sleep(200);
    }
    assertThat(s.get("status").asText()).as(s.toString()).isEqualTo(status);
    String now = s.get("OS-EXT-SRV-ATTR:host").isNull() ? null : s.get("OS-EXT-SRV-ATTR:host").asText();
    if (host != null) assertThat(now).isEqualTo(host);
    String bound = ok(demo.run("port", "show", "p1", "-f", "json")).get("binding_host_id").asText();
    assertThat(bound).isEqualTo(now == null ? "" : now);
    return now;
  }

  private static void awaitPortFree(OpenStackCli demo, String port) throws Exception {
    for (int i = 0; i < 100; i++) {
      if (ok(demo.run("port", "show", port, "-f", "json")).get("device_id").asText().isEmpty()) return;
      Thread.sleep(200);
    }
    throw new AssertionError("port " + port + " is still in use");
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
    String token = ok(OpenStackCli.forCloud(cloud.cloudsYaml(), AllInOneCloud.ADMIN_CLOUD)
        .run("token", "issue", "-f", "json")).get("id").asText();
    java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
        java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + cloud.port() + path))
            .header("X-Auth-Token", token).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return org.vdpacompute.api.http.ApiServer.JSON.readTree(r.body());
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
