package org.vdpacompute.app.everyday;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vdpacompute.api.OpenStackCli;
import org.vdpacompute.api.http.ApiServer;
import org.vdpacompute.app.allinone.AllInOneCloud;
import org.vdpacompute.app.allinone.CloudApi;
import org.vdpacompute.app.cloud.CloudsYaml;

/**
 * What an operator types in the first hour, through the real openstack CLI against one all-in-one
 * cloud: identity administration, a project of its own with its members, private flavors, quotas
 * and limits, hypervisors and zones, usage, server names, metadata and console logs, image
 * updates, and the calls this cloud does not serve. Commands run in batches, one CLI process each
 * (a process costs about a second of Python start-up); waits poll over HTTP.
 */
class EverydayCallsCliTest {
  @TempDir static Path dir;
  private static AllInOneCloud cloud;
  private static OpenStackCli admin;
  private static OpenStackCli demo;
  private static CloudApi adminApi;

  @BeforeAll
  static void start() throws Exception {
    cloud = AllInOneCloud.start(dir, 0, 2);
    admin = OpenStackCli.forCloud(cloud.cloudsYaml(), AllInOneCloud.ADMIN_CLOUD);
    demo = OpenStackCli.forCloud(cloud.cloudsYaml(), AllInOneCloud.DEMO_CLOUD);
    adminApi = CloudApi.admin(cloud);
  }

  @AfterAll
  static void stop() {
    cloud.close();
  }

  /** The CLI of a user of a project, logging in with its name and password. */
  private static OpenStackCli as(String user, String password, String project) {
    return new OpenStackCli("http://127.0.0.1:" + cloud.port() + "/identity/v3", user, password, project);
  }

  private static List<String> cmd(String... args) {
    return List.of(args);
  }

  private static JsonNode ok(OpenStackCli.Result r) {
    assertThat(r.stderr()).as(r.stdout()).isEmpty();
    return r.stdout().isEmpty() ? null : r.json();
  }

  private static List<String> column(JsonNode rows, String column) {
    List<String> values = new ArrayList<>();
    for (JsonNode row : rows) values.add(row.get(column).asText());
    return values;
  }

  /**
   * An operator makes a project, a user in it with the member role, and a role of their own; the
   * catalog's services, endpoints and region are listed; the new user logs in, boots a server and
   * sees only its own project's; deleting the user and project ends its logins.
   */
  @Test
  void anOperatorMakesAProjectWhoseMembersWorkInItAlone() throws Exception {
    List<OpenStackCli.Result> r = admin.batch(List.of(
        cmd("project", "create", "--description", "team-a-of-the-test", "team-a", "-f", "json"),
        cmd("user", "create", "--project", "team-a", "--password", "alice-pw", "--email", "alice@example.org", "alice", "-f",
            "json"),
        cmd("role", "add", "--project", "team-a", "--user", "alice", "member"),
        cmd("role", "create", "auditor", "-f", "json"),
        cmd("role", "add", "--project", "team-a", "--user", "alice", "auditor"),
        cmd("role", "assignment", "list", "--user", "alice", "--names", "-f", "json"),
        cmd("role", "remove", "--project", "team-a", "--user", "alice", "auditor"),
        cmd("role", "delete", "auditor"),
        cmd("role", "list", "-f", "json"),
        cmd("project", "list", "-f", "json"),
        cmd("user", "show", "alice", "-f", "json"),
        cmd("service", "list", "-f", "json"),
        cmd("endpoint", "list", "--interface", "public", "-f", "json"),
        cmd("region", "list", "-f", "json"),
        cmd("project", "delete", "service")));
    JsonNode project = ok(r.get(0));
    assertThat(project.get("description").asText()).isEqualTo("team-a-of-the-test");
    assertThat(ok(r.get(1)).get("default_project_id").asText()).isEqualTo(project.get("id").asText());
    ok(r.get(2));
    ok(r.get(4));
    assertThat(column(ok(r.get(5)), "Role")).containsExactlyInAnyOrder("member", "auditor");
    assertThat(column(ok(r.get(5)), "Project")).containsOnly("team-a@Default");
    ok(r.get(6));
    ok(r.get(7));
    assertThat(column(ok(r.get(8)), "Name")).containsExactly("admin", "member", "reader", "service");
    assertThat(column(ok(r.get(9)), "Name")).contains("admin", "demo", "service", "team-a");
    assertThat(ok(r.get(10)).get("email").asText()).isEqualTo("alice@example.org");
    assertThat(column(ok(r.get(11)), "Type")).containsExactlyInAnyOrder("identity", "compute", "network", "image");
    assertThat(column(ok(r.get(12)), "URL")).contains("http://127.0.0.1:" + cloud.port() + "/compute/v2.1");
    assertThat(column(ok(r.get(13)), "Region")).containsExactly("RegionOne");
    assertThat(r.get(14).stderr()).contains("project service").contains("cannot be deleted");

    OpenStackCli alice = as("alice", "alice-pw", "team-a");
    List<OpenStackCli.Result> a = alice.batch(List.of(
        cmd("server", "create", "--flavor", "m1.tiny", "--image", "cirros", "--network", "physnet4-net", "vm-a", "-f", "json")));
    String server = ok(a.get(0)).get("id").asText();
    CloudApi aliceApi = CloudApi.login(cloud, "alice", "alice-pw", "team-a");
    aliceApi.awaitJson("/compute/v2.1/servers/" + server, s -> s.at("/server/status").asText().equals("ACTIVE"),
        Duration.ofSeconds(30));
    List<OpenStackCli.Result> seen = alice.batch(List.of(cmd("server", "list", "-f", "json"),
        cmd("project", "show", "team-a", "-f", "json"), cmd("project", "list", "-f", "json")));
    assertThat(column(ok(seen.get(0)), "Name")).containsExactly("vm-a");
    assertThat(ok(seen.get(1)).get("name").asText()).isEqualTo("team-a");
    assertThat(column(ok(seen.get(2)), "Name")).containsExactly("team-a");
    List<OpenStackCli.Result> others = demo.batch(List.of(cmd("server", "list", "-f", "json"), cmd("server", "show", server)));
    assertThat(column(ok(others.get(0)), "Name")).doesNotContain("vm-a");
    assertThat(others.get(1).stderr()).contains("No server with a name or ID");

    aliceApi.expect(204, "DELETE", "/compute/v2.1/servers/" + server, null);
    aliceApi.awaitStatus("/compute/v2.1/servers/" + server, 404, Duration.ofSeconds(30));
    List<OpenStackCli.Result> gone = admin.batch(List.of(cmd("user", "delete", "alice"), cmd("project", "delete", "team-a"),
        cmd("project", "show", "team-a")));
    ok(gone.get(0));
    ok(gone.get(1));
    assertThat(gone.get(2).stderr()).contains("No project with a name or ID of 'team-a' exists.");
    assertThat(CloudApi.anonymous(cloud).call("POST", "/identity/v3/auth/tokens", "{\"auth\": {\"identity\": {\"methods\": "
        + "[\"password\"], \"password\": {\"user\": {\"name\": \"alice\", \"domain\": {\"id\": \"default\"}, \"password\": "
        + "\"alice-pw\"}}}, \"scope\": {\"project\": {\"name\": \"team-a\", \"domain\": {\"id\": \"default\"}}}}}").status())
        .isEqualTo(401);
  }

  /** A flavor made private for one project is listed, shown and booted by that project's members alone. */
  @Test
  void aPrivateFlavorIsSeenAndUsedOnlyByTheProjectsItIsSharedWith() throws Exception {
    List<OpenStackCli.Result> r = admin.batch(List.of(
        cmd("project", "create", "team-f", "-f", "json"),
        cmd("user", "create", "--project", "team-f", "--password", "frank-pw", "frank", "-f", "json"),
        cmd("role", "add", "--project", "team-f", "--user", "frank", "member"),
        cmd("flavor", "create", "--private", "--project", "team-f", "--vcpus", "1", "--ram", "64", "--disk", "1",
            "m1.private", "-f", "json"),
        cmd("flavor", "show", "m1.private", "-f", "json"),
        cmd("flavor", "list", "--private", "-f", "json")));
    String teamF = ok(r.get(0)).get("id").asText();
    assertThat(ok(r.get(3)).get("os-flavor-access:is_public").asBoolean()).isFalse();
    assertThat(ok(r.get(4)).get("access_project_ids").toString()).contains(teamF);
    assertThat(column(ok(r.get(5)), "Name")).containsExactly("m1.private");

    List<OpenStackCli.Result> f = as("frank", "frank-pw", "team-f").batch(List.of(
        cmd("flavor", "list", "-f", "json"),
        cmd("server", "create", "--flavor", "m1.private", "--image", "cirros", "--network", "physnet4-net", "vm-f", "-f",
            "json")));
    assertThat(column(ok(f.get(0)), "Name")).contains("m1.tiny", "m1.private");
    assertThat(ok(f.get(1)).get("flavor").asText()).contains("m1.private");

    List<OpenStackCli.Result> d = demo.batch(List.of(
        cmd("flavor", "list", "-f", "json"),
        cmd("flavor", "show", "m1.private"),
        cmd("server", "create", "--flavor", ok(r.get(3)).get("id").asText(), "--image", "cirros", "--network",
            "physnet4-net", "vm-d")));
    assertThat(column(ok(d.get(0)), "Name")).doesNotContain("m1.private");
    assertThat(d.get(1).stderr()).contains("m1.private");
    String privateId = ok(r.get(3)).get("id").asText();
    assertThat(d.get(2).stderr()).contains("No flavor with a name or ID of '" + privateId + "'");
    // What the client would not send, the API refuses too: another project's private flavor is none.
    CloudApi demoApi = CloudApi.demo(cloud);
    String cirros = demoApi.get("/image/v2/images?name=cirros").at("/images/0/id").asText();
    CloudApi.Answer boot = demoApi.call("POST", "/compute/v2.1/servers", "{\"server\": {\"name\": \"vm-d\", \"imageRef\": \""
        + cirros + "\", \"flavorRef\": \"" + privateId + "\", \"networks\": \"none\"}}", "2.37");
    assertThat(boot.status()).isEqualTo(400);
    assertThat(boot.json().at("/badRequest/message").asText()).isEqualTo("Flavor " + privateId + " could not be found.");
  }

  /**
   * A project's quotas are Nova's and Neutron's defaults until an operator sets them; limits show
   * what it uses; a boot over the instances quota is refused with Nova's message and a port over
   * the ports quota with Neutron's.
   */
  @Test
  void quotasAreShownSetAndEnforcedThroughTheCli() throws Exception {
    List<OpenStackCli.Result> r = admin.batch(List.of(
        cmd("project", "create", "team-q", "-f", "json"),
        cmd("user", "create", "--project", "team-q", "--password", "quinn-pw", "quinn", "-f", "json"),
        cmd("role", "add", "--project", "team-q", "--user", "quinn", "member"),
        cmd("quota", "show", "team-q", "-f", "json"),
        cmd("quota", "set", "--instances", "1", "--cores", "4", "--ports", "2", "team-q"),
        cmd("quota", "show", "team-q", "-f", "json")));
    JsonNode defaults = ok(r.get(3));
    assertThat(defaults.get("instances").asInt()).isEqualTo(10);
    assertThat(defaults.get("cores").asInt()).isEqualTo(20);
    assertThat(defaults.get("ram").asInt()).isEqualTo(51200);
    assertThat(defaults.get("ports").asInt()).isEqualTo(500);
    ok(r.get(4));
    JsonNode set = ok(r.get(5));
    assertThat(set.get("instances").asInt()).isEqualTo(1);
    assertThat(set.get("cores").asInt()).isEqualTo(4);
    assertThat(set.get("ports").asInt()).isEqualTo(2);

    OpenStackCli quinn = as("quinn", "quinn-pw", "team-q");
    List<OpenStackCli.Result> q = quinn.batch(List.of(
        cmd("server", "create", "--flavor", "m1.tiny", "--image", "cirros", "--network", "physnet4-net", "vm-q1", "-f",
            "json"),
        cmd("server", "create", "--flavor", "m1.tiny", "--image", "cirros", "--network", "physnet4-net", "vm-q2"),
        cmd("limits", "show", "--absolute", "-f", "json"),
        cmd("port", "create", "--network", "physnet4-net", "q-port-1", "-f", "json"),
        cmd("port", "create", "--network", "physnet4-net", "q-port-2")));
    ok(q.get(0));
    assertThat(q.get(1).stderr()).contains("Quota exceeded for instances: Requested 1, but already used 1 of 1 instances")
        .contains("HTTP 403");
    Map<String, Integer> limits = new java.util.HashMap<>();
    for (JsonNode row : ok(q.get(2))) limits.put(row.get("Name").asText(), row.get("Value").asInt());
    assertThat(limits).containsEntry("maxTotalInstances", 1).containsEntry("totalInstancesUsed", 1)
        .containsEntry("maxTotalCores", 4).containsEntry("totalCoresUsed", 1).containsEntry("totalRAMUsed", 512);
    // The boot's own port is one of the two.
    ok(q.get(3));
    assertThat(q.get(4).stderr()).contains("Quota exceeded for resources: ['port'].");
    List<OpenStackCli.Result> detail = admin.batch(List.of(cmd("quota", "list", "--compute", "--detail", "--project",
        "team-q", "-f", "json")));
    for (JsonNode row : ok(detail.get(0))) {
      if (row.get("Resource").asText().equals("instances")) assertThat(row.get("In Use").asInt()).isEqualTo(1);
    }
  }

  /** A server is renamed and given metadata at boot and after, through the CLI, and its console log read. */
  @Test
  void aServerIsRenamedAndItsMetadataSetAndUnset() throws Exception {
    List<OpenStackCli.Result> r = demo.batch(List.of(
        cmd("server", "create", "--flavor", "m1.tiny", "--image", "cirros", "--network", "physnet4-net", "--property",
            "role=web", "--property", "tier=1", "vm-m", "-f", "json")));
    String id = ok(r.get(0)).get("id").asText();
    CloudApi demoApi = CloudApi.demo(cloud);
    demoApi.awaitJson("/compute/v2.1/servers/" + id, s -> s.at("/server/status").asText().equals("ACTIVE"),
        Duration.ofSeconds(30));
    List<OpenStackCli.Result> m = demo.batch(List.of(
        cmd("server", "set", "--name", "vm-renamed", "--property", "owner=ops", id),
        cmd("server", "unset", "--property", "tier", id),
        cmd("server", "show", id, "-f", "json"),
        cmd("server", "set", "--property", "bad/key=x", id),
        cmd("console", "log", "show", id),
        cmd("console", "log", "show", "--lines", "2", id)));
    ok(m.get(0));
    ok(m.get(1));
    JsonNode shown = ok(m.get(2));
    assertThat(shown.get("name").asText()).isEqualTo("vm-renamed");
    assertThat(shown.get("properties").toString()).contains("role").contains("owner").doesNotContain("tier");
    assertThat(m.get(3).stderr()).contains("Metadata property key 'bad/key'");
    // The emulated guest's boot, as its host wrote it to the serial log of its domain.
    assertThat(m.get(4).stderr()).isEmpty();
    assertThat(m.get(4).stdout()).contains("Linux version").contains("guest " + id + " is up").contains("login:");
    assertThat(m.get(5).stdout()).isEqualTo("login:");
    assertThat(demoApi.get("/compute/v2.1/servers/" + id + "/metadata").get("metadata"))
        .isEqualTo(ApiServer.JSON.readTree("{\"owner\": \"ops\", \"role\": \"web\"}"));
  }

  /**
   * An image made without data is queued, as in Glance; image set renames it and sets its minimum
   * and a property, image unset removes the property; making it public is an administrator's.
   */
  @Test
  void anImageIsQueuedThenUpdatedThroughTheCli() throws Exception {
    List<OpenStackCli.Result> r = demo.batch(List.of(
        cmd("image", "create", "--disk-format", "raw", "--container-format", "bare", "img-e", "-f", "json"),
        cmd("image", "set", "--name", "img-e2", "--property", "team=ops", "--min-ram", "64", "img-e"),
        cmd("image", "show", "img-e2", "-f", "json"),
        cmd("image", "unset", "--property", "team", "img-e2"),
        cmd("image", "show", "img-e2", "-f", "json"),
        cmd("image", "set", "--public", "img-e2")));
    assertThat(ok(r.get(0)).get("status").asText()).isEqualTo("queued");
    ok(r.get(1));
    JsonNode set = ok(r.get(2));
    assertThat(set.get("min_ram").asInt()).isEqualTo(64);
    assertThat(set.get("properties").get("team").asText()).isEqualTo("ops");
    ok(r.get(3));
    assertThat(ok(r.get(4)).path("properties").has("team")).isFalse();
    assertThat(r.get(5).stderr()).contains("403");
  }

  /**
   * What an operator asks of the hosts: a hypervisor's document (which the CLI completes with the
   * host aggregates, none here), the statistics of all, the servers on each (novaclient, before and
   * after microversion 2.53), the availability zones of compute and networking, and usage.
   */
  @Test
  void hypervisorsZonesAggregatesAndUsageAreShown() throws Exception {
    String server = ok(demo.batch(List.of(cmd("server", "create", "--flavor", "m1.tiny", "--image", "cirros", "--network",
        "physnet4-net", "vm-h", "-f", "json"))).get(0)).get("id").asText();
    JsonNode active = CloudApi.demo(cloud).awaitJson("/compute/v2.1/servers/" + server,
        s -> s.at("/server/status").asText().equals("ACTIVE"), Duration.ofSeconds(30));
    JsonNode shown = adminApi.get("/compute/v2.1/servers/" + server);
    String host = shown.at("/server/OS-EXT-SRV-ATTR:host").asText();
    assertThat(active).isNotNull();
    List<OpenStackCli.Result> r = admin.batch(List.of(
        cmd("hypervisor", "show", host, "-f", "json"),
        cmd("hypervisor", "stats", "show", "-f", "json"),
        cmd("availability", "zone", "list", "-f", "json"),
        cmd("aggregate", "list", "-f", "json"),
        cmd("aggregate", "create", "rack-1"),
        cmd("usage", "list", "-f", "json"),
        cmd("usage", "show", "--project", "demo", "-f", "json")));
    JsonNode hypervisor = ok(r.get(0));
    assertThat(hypervisor.get("hypervisor_hostname").asText()).isEqualTo(host);
    assertThat(hypervisor.get("aggregates")).isEmpty();
    assertThat(hypervisor.get("running_vms").asInt()).isPositive();
    JsonNode stats = ok(r.get(1));
    assertThat(stats.get("count").asInt()).isEqualTo(2);
    assertThat(stats.get("running_vms").asInt()).isPositive();
    List<String> zones = new ArrayList<>();
    for (JsonNode z : ok(r.get(2))) zones.add(z.get("Zone Name").asText() + " " + z.get("Zone Status").asText());
    assertThat(zones).contains("nova available");
    assertThat(ok(r.get(3))).isEmpty();
    assertThat(r.get(4).stderr()).contains("vdpa-compute does not support POST /compute/v2.1/os-aggregates");
    // Names in the table; ids in JSON.
    assertThat(column(ok(r.get(5)), "Project")).contains(shown.at("/server/tenant_id").asText());
    // The table counts the servers; JSON lists their usage.
    assertThat(column(ok(r.get(6)).get("Servers"), "instance_id")).contains(server);

    OpenStackCli nova = new OpenStackCli("http://127.0.0.1:" + cloud.port() + "/identity/v3", "admin",
        CloudsYaml.password(cloud.cloudsYaml(), AllInOneCloud.ADMIN_CLOUD), "admin");
    for (String version : List.of("2.1", "2.53")) {
      OpenStackCli.Result servers = nova.nova("--os-compute-api-version", version, "hypervisor-servers", host);
      assertThat(servers.exitCode()).as(servers.stderr()).isZero();
      assertThat(servers.stdout()).as("microversion " + version).contains(server).contains("vm-h");
    }
    CloudApi.demo(cloud).expect(204, "DELETE", "/compute/v2.1/servers/" + server, null);
  }

  /**
   * Each project has Neutron's default security group, read only, which clients look up by name;
   * making a group is a call this cloud does not serve.
   */
  @Test
  void theDefaultSecurityGroupIsReadAndGroupsAreNotMade() throws Exception {
    List<OpenStackCli.Result> r = demo.batch(List.of(
        cmd("security", "group", "list", "-f", "json"),
        cmd("security", "group", "show", "default", "-f", "json"),
        cmd("security", "group", "rule", "list", "default", "-f", "json"),
        cmd("security", "group", "create", "web")));
    JsonNode groups = ok(r.get(0));
    assertThat(column(groups, "Name")).containsExactly("default");
    JsonNode shown = ok(r.get(1));
    assertThat(shown.get("id").asText()).isEqualTo(groups.get(0).get("ID").asText());
    List<String> rules = new ArrayList<>();
    for (JsonNode rule : ok(r.get(2))) rules.add(rule.get("Direction").asText() + " " + rule.get("Ethertype").asText());
    assertThat(rules).containsExactlyInAnyOrder("ingress IPv4", "ingress IPv6", "egress IPv4", "egress IPv6");
    assertThat(r.get(3).stderr()).contains("vdpa-compute does not support POST /networking/v2.0/security-groups");
  }

  /** Paths of the OpenStack APIs that this cloud does not serve are named in a 501, never a bare 404. */
  @Test
  void aCallThisCloudDoesNotServeSaysSo() throws Exception {
    List<OpenStackCli.Result> r = admin.batch(List.of(cmd("group", "list"), cmd("keypair", "list")));
    assertThat(r.get(0).stderr()).contains("vdpa-compute does not support GET /identity/v3/groups").contains("501");
    assertThat(r.get(1).stderr()).contains("vdpa-compute does not support GET /compute/v2.1/os-keypairs").contains("501");
    assertThat(CloudApi.anonymous(cloud).call("GET", "/compute/v2.1/os-keypairs", null).status()).isEqualTo(401);
    assertThat(adminApi.call("GET", "/nowhere", null).status()).isEqualTo(404);
  }
}
