package org.vdpacompute.app.servers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.vdpacompute.app.allinone.AllInOneCloud;
import org.vdpacompute.app.allinone.CloudApi;
import org.vdpacompute.app.config.Configuration;
import org.vdpacompute.app.controller.ControllerServer;
import org.vdpacompute.controller.agents.AgentClient;

/** A running cloud as the server tests use it: the demo member boots, the admin looks at hosts and devices. */
final class ServerFixture {
  static final Duration WAIT = Duration.ofSeconds(30);
  static final String SERVERS = "/compute/v2.1/servers";

  final AllInOneCloud cloud;
  final Path dir;
  final CloudApi admin;
  final CloudApi demo;
  final String network;

  ServerFixture(AllInOneCloud cloud, Path dir) throws Exception {
    this.cloud = cloud;
    this.dir = dir;
    this.admin = CloudApi.admin(cloud);
    this.demo = CloudApi.demo(cloud);
    this.network = demo.get("/networking/v2.0/networks?name=physnet4-net").at("/networks/0/id").asText();
  }

  /** Deletes every server of every project and waits until they are gone. */
  void deleteEveryServer() throws Exception {
    for (JsonNode s : admin.get(SERVERS + "?all_tenants=1").get("servers")) {
      admin.call("DELETE", SERVERS + "/" + s.get("id").asText(), null);
    }
    for (JsonNode s : admin.get(SERVERS + "?all_tenants=1").get("servers")) {
      admin.awaitStatus(SERVERS + "/" + s.get("id").asText(), 404, WAIT);
    }
  }

  /** Flavor {@code vdpa-large} (m1.vdpa-large), what the tests resize to. */
  void createLargerVdpaFlavor() throws Exception {
    admin.expect(200, "POST", "/compute/v2.1/flavors",
        "{\"flavor\": {\"name\": \"m1.vdpa-large\", \"id\": \"vdpa-large\", \"ram\": 4096, \"vcpus\": 4, \"disk\": 10}}");
  }

  String port(String vnicType) throws Exception {
    return demo.expect(201, "POST", "/networking/v2.0/ports", "{\"port\": {\"network_id\": \"" + network
        + "\", \"binding:vnic_type\": \"" + vnicType + "\"}}").at("/port/id").asText();
  }

  String image() throws Exception {
    return demo.get("/image/v2/images?name=cirros").at("/images/0/id").asText();
  }

  String serverBody(String name, String nic) throws Exception {
    return "{\"server\": {\"name\": \"" + name + "\", \"imageRef\": \"" + image() + "\", \"flavorRef\": \"vdpa\","
        + " \"networks\": [" + nic + "]}}";
  }

  String boot(String nic) throws Exception {
    String id = demo.expect(202, "POST", SERVERS, serverBody("vm", nic)).at("/server/id").asText();
    awaitActive(id);
    return id;
  }

  JsonNode awaitActive(String server) throws Exception {
    JsonNode s = demo.awaitJson(SERVERS + "/" + server, j -> !j.at("/server/status").asText().equals("BUILD"), WAIT)
        .get("server");
    assertThat(s.get("status").asText()).as(s.toString()).isEqualTo("ACTIVE");
    return s;
  }

  void delete(String server) throws Exception {
    demo.expect(204, "DELETE", SERVERS + "/" + server, null);
    demo.awaitStatus(SERVERS + "/" + server, 404, WAIT);
  }

  String hostOf(String server) throws Exception {
    String host = admin.get(SERVERS + "/" + server).at("/server/OS-EXT-SRV-ATTR:host").asText();
    assertThat(host).startsWith("compute-");
    return host;
  }

  JsonNode portJson(String port) throws Exception {
    return demo.get("/networking/v2.0/ports/" + port).get("port");
  }

  JsonNode devices(String host) throws Exception {
    return admin.get("/compute/v2.1/os-pci-devices?host=" + host).get("pci_devices");
  }

  Map<String, Integer> statusCounts(String host) throws Exception {
    Map<String, Integer> counts = new HashMap<>();
    for (JsonNode d : devices(host)) counts.merge(d.get("status").asText(), 1, Integer::sum);
    return counts;
  }

  int total(Map<String, Integer> counts) {
    return counts.values().stream().mapToInt(Integer::intValue).sum();
  }

  JsonNode deviceOf(String host, String server) throws Exception {
    for (JsonNode d : devices(host)) {
      if (server.equals(d.get("instance_uuid").asText(null))) return d;
    }
    throw new AssertionError("no device of " + server + " on " + host);
  }

  String statusOf(String host, String address) throws Exception {
    for (JsonNode d : devices(host)) {
      if (d.get("address").asText().equals(address)) return d.get("status").asText();
    }
    throw new AssertionError("no device " + address + " on " + host);
  }

  Path domainFile(String host, String server) {
    return dir.resolve("hosts").resolve(host).resolve("emulated").resolve("domains").resolve(server + ".xml");
  }

  String domainXml(String host, String server) throws Exception {
    return Files.readString(domainFile(host, server));
  }

  /** Asks an action of a server as the given user and expects {@code status}. */
  void action(CloudApi who, String server, String body, int status) throws Exception {
    who.expect(status, "POST", SERVERS + "/" + server + "/action", body);
  }

  /** Waits until the server shows {@code status} with no task in progress. */
  JsonNode awaitStatus(String server, String status) throws Exception {
    return admin.awaitJson(SERVERS + "/" + server, j -> j.at("/server/status").asText().equals(status)
        && j.at("/server/OS-EXT-STS:task_state").isNull(), WAIT).get("server");
  }

  /**
   * The server's vDPA port is where the server runs: bound to the host, its binding:profile naming
   * the device the server holds there, and the guest's XML there plugging that device's vhost-vdpa path.
   */
  JsonNode assertVdpaOn(String server, String port, String host) throws Exception {
    assertThat(hostOf(server)).isEqualTo(host);
    JsonNode bound = portJson(port);
    assertThat(bound.get("binding:host_id").asText()).isEqualTo(host);
    String slot = bound.at("/binding:profile/pci_slot").asText();
    JsonNode device = null;
    for (JsonNode d : devices(host)) {
      if (d.get("address").asText().equals(slot)) device = d;
    }
    assertThat(device).as("the bound slot %s is a device of %s", slot, host).isNotNull();
    assertThat(device.get("instance_uuid").asText()).isEqualTo(server);
    assertThat(device.get("dev_type").asText()).isEqualTo("vdpa");
    assertThat(domainXml(host, server)).contains("<interface type=\"vdpa\">")
        .contains("<source dev=\"" + device.get("vdpa_path").asText() + "\"/>");
    return device;
  }

  int available(String host) throws Exception {
    return statusCounts(host).getOrDefault("available", 0);
  }

  /** The other of the two reference hosts. */
  static String other(String host) {
    return host.equals("compute-0") ? "compute-1" : "compute-0";
  }

  /** Makes the next {@code operation} (e.g. spawn, live_migrate, attach_device) on an emulated host fail. */
  void injectFault(String host, String operation) throws Exception {
    String servicePassword = Configuration.load(dir.resolve("vdpa-compute.conf")).identity().servicePassword();
    String token = CloudApi.login(cloud, ControllerServer.SERVICE_USER, servicePassword, "service").token();
    new AgentClient(() -> token).injectFault(cloud.agentUrl(host), operation, "injected by the test");
  }

  /** Work that may throw, for {@link #withoutRamQuota}. */
  @FunctionalInterface
  interface Work {
    void run() throws Exception;
  }

  /**
   * Runs the work with the demo project's RAM quota lifted: a boot that no host has the memory for
   * meets Nova's default RAM quota first.
   */
  void withoutRamQuota(Work work) throws Exception {
    String quota = "/compute/v2.1/os-quota-sets/" + admin.get("/identity/v3/projects?name=demo").at("/projects/0/id").asText();
    admin.expect(200, "PUT", quota, "{\"quota_set\": {\"ram\": -1}}");
    try {
      work.run();
    } finally {
      admin.expect(202, "DELETE", quota, null);
    }
  }
}
