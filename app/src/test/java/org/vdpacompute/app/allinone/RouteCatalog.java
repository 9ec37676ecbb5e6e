package org.vdpacompute.app.allinone;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.HandlerType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.vdpacompute.agent.protocol.AgentJson;
import org.vdpacompute.api.http.ApiServer;
import org.vdpacompute.api.http.Route;
import org.vdpacompute.api.network.SecurityGroupsResource;
import org.vdpacompute.core.pci.PciAddress;

/**
 * How the tests that walk every route of the cloud call each one: the resource each path
 * parameter names (made once per cloud, owned by project {@code demo}) and valid bodies for the
 * routes that take one. A route it has no value or body for fails those tests, naming the route,
 * so that a new route is tried by them from the day it is added.
 */
final class RouteCatalog {
  /** The host the agents' API routes name: made up, so that the cloud's real hosts stay as they are. */
  static final String AGENT_HOST = "catalog-host";

  /** What bad values a body's field may take after all (see {@link BadInputTest}). */
  enum Bad {
    /** Another JSON type: an object or array for a scalar, a scalar for an object or array. */
    WRONG_TYPE,
    /** A string with a NUL character in it. */
    NUL,
    /** A string of 70,000 characters (under the listener's size limit). */
    HUGE,
    /** A negative number, or one too large for any field. */
    OUT_OF_RANGE,
    /** JSON null, or the field left out. */
    NULL,
    /** An unknown field beside this object's own. */
    UNKNOWN_FIELD
  }

  /**
   * A valid body of a route.
   *
   * @param body a fresh body each call (names made unique)
   * @param contentType its type; {@code application/octet-stream} marks a body of data, not JSON
   * @param required JSON pointers of fields that must be there and not null
   * @param allowed JSON pointers whose value may be bad in these ways after all (Nova takes an
   *     {@code id} of any number; a NUMA node of -1 means none)
   * @param opaque JSON pointers whose value the route does not read (an action's {@code null})
   */
  record Body(String label, Supplier<String> body, String contentType, Set<String> required, Map<String, Set<Bad>> allowed,
      Set<String> opaque) {
    boolean isData() {
      return contentType.equals("application/octet-stream");
    }

    JsonNode json() {
      try {
        return ApiServer.JSON.readTree(body.get());
      } catch (Exception e) {
        throw new AssertionError(label + ": the catalog's body is not JSON", e);
      }
    }

    /** The bad values allowed at the pointer, and those allowed everywhere ({@code "*"}). */
    Set<Bad> allowedAt(String pointer) {
      Set<Bad> at = EnumSet.noneOf(Bad.class);
      at.addAll(allowed.getOrDefault(pointer, Set.of()));
      at.addAll(allowed.getOrDefault("*", Set.of()));
      return at;
    }
  }

  /** The demo project's resources and the cloud's that paths name. */
  record Fixtures(String server, String attachedPort, String port, String network, String subnet, String image,
      String flavor, String extraSpec, String hypervisor, String service, String instanceAction, String demoProject,
      String demoUser, String demoPassword, String cirros, Identity identity) {}

  /**
   * What the identity routes name: a project, a user and a role of their own, which the routes that
   * delete or grant may change, and the ids of a catalog service and endpoint.
   */
  record Identity(String spareProject, String spareUser, String role, String catalogService, String endpoint) {}

  private static final Pattern PARAM = Pattern.compile("\\{([^}]+)}");
  private static final Set<String> PROJECT_OWNED = Set.of("servers", "networks", "subnets", "ports", "images", "projects",
      "security-groups", "security-group-rules");
  /** Path segments before a project's id whose routes other projects are refused (403), as Nova and Neutron refuse them. */
  private static final Set<String> PROJECT_NAMED = Set.of("os-quota-sets", "quotas", "os-simple-tenant-usage");
  private static final AtomicInteger UNIQUE = new AtomicInteger();

  private final Fixtures f;

  private RouteCatalog(Fixtures fixtures) {
    this.f = fixtures;
  }

  Fixtures fixtures() {
    return f;
  }

  /**
   * Makes the resources: a server of {@code demo} with a port, another port, a private network with a
   * subnet and a private image of {@code demo}; a flavor with an extra spec; and reads the ids of
   * the first host's hypervisor and service.
   */
  static RouteCatalog prepare(AllInOneCloud cloud, CloudApi admin, CloudApi demo, String demoPassword) throws Exception {
    String shared = admin.get("/networking/v2.0/networks?name=physnet4-net").at("/networks/0/id").asText();
    String cirros = admin.get("/image/v2/images?name=cirros").at("/images/0/id").asText();
    String network = demo.expect(201, "POST", "/networking/v2.0/networks", "{\"network\": {\"name\": \"catalog\"}}")
        .at("/network/id").asText();
    String subnet = demo.expect(201, "POST", "/networking/v2.0/subnets", "{\"subnet\": {\"network_id\": \"" + network
        + "\", \"cidr\": \"10.77.0.0/24\", \"ip_version\": 4}}").at("/subnet/id").asText();
    String attached = demo.expect(201, "POST", "/networking/v2.0/ports", "{\"port\": {\"network_id\": \"" + shared
        + "\", \"binding:vnic_type\": \"vdpa\"}}").at("/port/id").asText();
    String port = demo.expect(201, "POST", "/networking/v2.0/ports", "{\"port\": {\"network_id\": \"" + network + "\"}}")
        .at("/port/id").asText();
    String server = demo.expect(202, "POST", "/compute/v2.1/servers", "{\"server\": {\"name\": \"catalog\", \"imageRef\": \""
        + cirros + "\", \"flavorRef\": \"vdpa\", \"networks\": [{\"port\": \"" + attached + "\"}]}}").at("/server/id").asText();
    demo.awaitJson("/compute/v2.1/servers/" + server, s -> s.at("/server/status").asText().equals("ACTIVE"), Duration.ofSeconds(30));
    String image = demo.expect(201, "POST", "/image/v2/images", "{\"name\": \"catalog\", \"disk_format\": \"raw\","
        + " \"container_format\": \"bare\"}").get("id").asText();
    String flavor = admin.expect(200, "POST", "/compute/v2.1/flavors", "{\"flavor\": {\"name\": \"catalog\", \"id\": \"catalog\","
        + " \"ram\": 64, \"vcpus\": 1, \"disk\": 1}}").at("/flavor/id").asText();
    admin.expect(200, "POST", "/compute/v2.1/flavors/" + flavor + "/os-extra_specs", "{\"extra_specs\": {\"catalog:key\": \"v\"}}");
    String request = demo.get("/compute/v2.1/servers/" + server + "/os-instance-actions").at("/instanceActions/0/request_id").asText();
    demo.expect(200, "POST", "/compute/v2.1/servers/" + server + "/metadata", "{\"metadata\": {\"catalog-key\": \"v\"}}");
    JsonNode hypervisors = admin.get("/compute/v2.1/os-hypervisors");
    String hypervisor = hypervisors.at("/hypervisors/0/id").asText();
    String service = admin.get("/compute/v2.1/os-services?host=" + hypervisors.at("/hypervisors/0/hypervisor_hostname").asText())
        .at("/services/0/id").asText();
    JsonNode token = demo.get("/compute/v2.1/servers/" + server);
    String demoProject = token.at("/server/tenant_id").asText();
    String demoUser = token.at("/server/user_id").asText();
    String spareProject = admin.expect(201, "POST", "/identity/v3/projects", "{\"project\": {\"name\": \"catalog\"}}")
        .at("/project/id").asText();
    String spareUser = admin.expect(201, "POST", "/identity/v3/users", "{\"user\": {\"name\": \"catalog\"}}")
        .at("/user/id").asText();
    String role = admin.expect(201, "POST", "/identity/v3/roles", "{\"role\": {\"name\": \"catalog\"}}").at("/role/id").asText();
    String catalogService = admin.get("/identity/v3/services").at("/services/0/id").asText();
    String endpoint = admin.get("/identity/v3/endpoints").at("/endpoints/0/id").asText();
    return new RouteCatalog(new Fixtures(server, attached, port, network, subnet, image, flavor, "catalog:key", hypervisor,
        service, request, demoProject, demoUser, demoPassword, cirros,
        new Identity(spareProject, spareUser, role, catalogService, endpoint)));
  }

  /** The route's path with each parameter replaced by the fixture it names. */
  String path(Route route) {
    Matcher m = PARAM.matcher(route.path());
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(value(route, segmentBefore(route.path(), m.start()), m.group(1))));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** Whether the route's path names a resource of project {@code demo}, which other projects may not see. */
  static boolean namesAProjectsResource(Route route) {
    Matcher m = PARAM.matcher(route.path());
    while (m.find()) {
      if (PROJECT_OWNED.contains(segmentBefore(route.path(), m.start()))) return true;
    }
    return false;
  }

  /**
   * Whether the route's path names project {@code demo} by id, where another project's member is
   * refused (403) rather than told it does not exist.
   */
  static boolean namesAProject(Route route) {
    Matcher m = PARAM.matcher(route.path());
    while (m.find()) {
      if (PROJECT_NAMED.contains(segmentBefore(route.path(), m.start()))) return true;
    }
    return false;
  }

  private static String segmentBefore(String path, int paramStart) {
    String before = path.substring(0, paramStart - 1);
    return before.substring(before.lastIndexOf('/') + 1);
  }

  private String value(Route route, String segment, String param) {
    switch (segment + "/" + param) {
      case "servers/id": return f.server();
      case "os-interface/port": return f.attachedPort();
      case "os-instance-actions/request": return f.instanceAction();
      case "flavors/id": return f.flavor();
      case "os-extra_specs/key": return f.extraSpec();
      case "os-services/id": return f.service();
      case "os-hypervisors/id": return f.hypervisor();
      case "networks/id": return f.network();
      case "subnets/id": return f.subnet();
      case "ports/id": return f.port();
      case "images/id": return f.image();
      case "hosts/host": return AGENT_HOST;
      // The demo project and user are read; what a route deletes or grants on is the spare one.
      case "projects/id": return route.method() == HandlerType.DELETE ? f.identity().spareProject() : f.demoProject();
      case "users/id": return route.method() == HandlerType.DELETE ? f.identity().spareUser() : f.demoUser();
      case "roles/id", "roles/role": return f.identity().role();
      case "projects/project": return f.identity().spareProject();
      case "users/user": return f.identity().spareUser();
      case "services/id": return f.identity().catalogService();
      case "endpoints/id": return f.identity().endpoint();
      case "regions/id": return "RegionOne";
      case "domains/id": return "default";
      case "os-quota-sets/id", "quotas/id", "os-simple-tenant-usage/id": return f.demoProject();
      case "security-groups/id": return SecurityGroupsResource.groupId(f.demoProject());
      case "security-group-rules/id": return SecurityGroupsResource.ruleId(f.demoProject(), "egress", "IPv4");
      // There are no aggregates: any id is a missing one.
      case "os-aggregates/id": return "1";
      case "metadata/key": return "catalog-key";
      case "extensions/alias": return "binding";
      case "dashboard/file": return "dashboard.js";
      default: throw new AssertionError("RouteCatalog has no value for {" + param + "} after '" + segment + "' in " + route
          + ": add one, so that the authorization and bad-input tests call the route");
    }
  }

  /**
   * The valid bodies of a route that takes one (the first is the one to use), none for a route that
   * takes no body.
   *
   * @throws AssertionError for a route that takes a body the catalog does not know
   */
  List<Body> bodies(Route route) {
    String key = route.method() + " " + route.path();
    switch (key) {
      case "POST /identity/v3/auth/tokens":
        return List.of(json(key, () -> """
            {"auth": {"identity": {"methods": ["password"], "password": {"user": {"name": "demo",
             "domain": {"name": "Default"}, "password": "%s"}}}, "scope": {"project": {"name": "demo",
             "domain": {"name": "Default"}}}}}""".formatted(f.demoPassword()),
            Set.of("/auth", "/auth/identity", "/auth/identity/methods", "/auth/identity/password/user/password"),
            // Keystone's schema lets fields it does not name through, in every object of a login.
            Map.of("*", EnumSet.of(Bad.UNKNOWN_FIELD)), Set.of()));
      case "POST /compute/v2.1/flavors":
        return List.of(json(key, () -> """
            {"flavor": {"name": "f-%1$d", "id": "f-%1$d", "ram": 64, "vcpus": 1, "disk": 1, "swap": 0,
             "OS-FLV-EXT-DATA:ephemeral": 0, "rxtx_factor": 1.5, "os-flavor-access:is_public": true,
             "description": "made by a test"}}""".formatted(UNIQUE.incrementAndGet()),
            Set.of("/flavor/name", "/flavor/ram", "/flavor/vcpus", "/flavor/disk"),
            // Nova takes no id (it makes one up) and an id of any number.
            Map.of("/flavor/id", EnumSet.of(Bad.NULL)), Set.of()));
      case "POST /compute/v2.1/flavors/{id}/action":
        // The catalog's flavor is public: sharing it is a conflict, refused after the body is read.
        return List.of(json(key + " addTenantAccess", () -> "{\"addTenantAccess\": {\"tenant\": \"" + f.demoProject() + "\"}}",
            Set.of("/addTenantAccess", "/addTenantAccess/tenant"), Map.of(), Set.of()),
            json(key + " removeTenantAccess", () -> "{\"removeTenantAccess\": {\"tenant\": \"" + f.demoProject() + "\"}}",
            Set.of("/removeTenantAccess", "/removeTenantAccess/tenant"), Map.of(), Set.of()));
      case "POST /compute/v2.1/flavors/{id}/os-extra_specs":
        return List.of(json(key, () -> "{\"extra_specs\": {\"hw:numa_nodes\": \"1\"}}", Set.of("/extra_specs"),
            // Extra specs are the flavor's own keys: any key of Nova's form is one.
            Map.of("/extra_specs", EnumSet.of(Bad.UNKNOWN_FIELD)), Set.of()));
      case "PUT /compute/v2.1/flavors/{id}/os-extra_specs/{key}":
        return List.of(json(key, () -> "{\"" + f.extraSpec() + "\": \"w\"}", Set.of("/" + f.extraSpec()), Map.of(), Set.of()));
      case "POST /compute/v2.1/servers":
        return List.of(json(key, () -> """
            {"server": {"name": "s-%d", "imageRef": "%s", "flavorRef": "1", "networks": [{"uuid": "%s"}],
             "min_count": 1, "max_count": 1, "availability_zone": "nova", "security_groups": [{"name": "default"}],
             "metadata": {}, "config_drive": false}}""".formatted(UNIQUE.incrementAndGet(), f.cirros(), f.network()),
            Set.of("/server/name", "/server/imageRef", "/server/flavorRef"), Map.of(), Set.of()));
      case "PUT /compute/v2.1/servers/{id}":
        return List.of(json(key, () -> "{\"server\": {\"name\": \"catalog\", \"OS-DCF:diskConfig\": \"MANUAL\"}}",
            Set.of(), Map.of(), Set.of()));
      case "POST /compute/v2.1/servers/{id}/metadata":
      case "PUT /compute/v2.1/servers/{id}/metadata":
        return List.of(json(key, () -> "{\"metadata\": {\"catalog-key\": \"v\", \"other\": \"w\"}}", Set.of("/metadata"),
            Map.of(), Set.of()));
      case "PUT /compute/v2.1/servers/{id}/metadata/{key}":
        return List.of(json(key, () -> "{\"meta\": {\"catalog-key\": \"v\"}}", Set.of("/meta", "/meta/catalog-key"),
            Map.of(), Set.of()));
      case "PUT /compute/v2.1/os-quota-sets/{id}":
        // -1 is no limit, as valid as any other.
        return List.of(json(key, () -> "{\"quota_set\": {\"instances\": 50, \"cores\": 100, \"force\": false}}",
            Set.of("/quota_set"), Map.of("/quota_set/instances", EnumSet.of(Bad.OUT_OF_RANGE),
                "/quota_set/cores", EnumSet.of(Bad.OUT_OF_RANGE)), Set.of()));
      case "PUT /networking/v2.0/quotas/{id}":
        return List.of(json(key, () -> "{\"quota\": {\"port\": 600, \"network\": 120, \"check_limit\": true}}",
            Set.of("/quota"), Map.of("/quota/port", EnumSet.of(Bad.OUT_OF_RANGE), "/quota/network",
                EnumSet.of(Bad.OUT_OF_RANGE)), Set.of()));
      case "POST /compute/v2.1/os-scheduling-explain":
        return List.of(json(key, () -> """
            {"server": {"flavorRef": "1", "networks": [{"uuid": "%s"}]}}""".formatted(f.network()),
            Set.of("/server/flavorRef"), Map.of(), Set.of()));
      case "POST /compute/v2.1/servers/{id}/action":
        return serverActions(key);
      case "POST /compute/v2.1/servers/{id}/os-interface":
        return List.of(json(key, () -> "{\"interfaceAttachment\": {\"net_id\": \"" + f.network() + "\"}}",
            Set.of(), Map.of(), Set.of()));
      case "PUT /compute/v2.1/os-services/enable":
      case "PUT /compute/v2.1/os-services/disable":
        return List.of(json(key, () -> "{\"host\": \"compute-0\", \"binary\": \"nova-compute\"}",
            Set.of("/host", "/binary"), Map.of(), Set.of()));
      case "PUT /compute/v2.1/os-services/disable-log-reason":
        return List.of(json(key, () -> "{\"host\": \"compute-0\", \"binary\": \"nova-compute\", \"disabled_reason\": \"r\"}",
            Set.of("/host", "/binary"), Map.of("/disabled_reason", EnumSet.of(Bad.NULL)), Set.of()));
      case "PUT /compute/v2.1/os-services/force-down":
        return List.of(json(key, () -> "{\"host\": \"compute-0\", \"binary\": \"nova-compute\", \"forced_down\": true}",
            Set.of("/host", "/binary", "/forced_down"), Map.of(), Set.of()));
      case "PUT /compute/v2.1/os-services/{id}":
        return List.of(json(key, () -> "{\"status\": \"disabled\", \"disabled_reason\": \"r\", \"forced_down\": false}",
            Set.of(), Map.of(), Set.of()));
      // The first body of a route is what any caller the route serves may send; the others name
      // what only administrators may (provider attributes, port bindings).
      case "POST /networking/v2.0/networks":
        return List.of(json(key + " plain", () -> "{\"network\": {\"name\": \"n-" + UNIQUE.incrementAndGet() + "\"}}",
            Set.of(), Map.of(), Set.of()), json(key, () -> """
            {"network": {"name": "n-%d", "admin_state_up": true, "shared": false, "provider:network_type": "vlan",
             "provider:physical_network": "physnet4", "provider:segmentation_id": 3000, "mtu": 1400,
             "description": "d", "port_security_enabled": true, "router:external": false,
             "availability_zone_hints": [], "project_id": "%s"}}""".formatted(UNIQUE.incrementAndGet(), f.demoProject()),
            Set.of(), Map.of(), Set.of()));
      case "POST /networking/v2.0/subnets":
        return List.of(json(key, () -> """
            {"subnet": {"network_id": "%s", "cidr": "10.78.%2$d.0/24", "ip_version": 4, "name": "s",
             "gateway_ip": "10.78.%2$d.1", "enable_dhcp": true, "description": "d", "dns_nameservers": [],
             "allocation_pools": [], "host_routes": []}}""".formatted(f.network(), UNIQUE.incrementAndGet() % 250),
            Set.of("/subnet/network_id", "/subnet/cidr"),
            // A subnet without a gateway says so with null.
            Map.of("/subnet/gateway_ip", EnumSet.of(Bad.NULL)), Set.of()));
      case "POST /networking/v2.0/ports":
        return List.of(json(key + " plain", () -> "{\"port\": {\"network_id\": \"" + f.network() + "\"}}",
            Set.of("/port/network_id"), Map.of(), Set.of()), json(key, () -> """
            {"port": {"network_id": "%s", "name": "p", "description": "d", "fixed_ips": [{"subnet_id": "%s"}],
             "binding:vnic_type": "normal", "binding:profile": {}, "binding:host_id": "compute-0", "device_id": "",
             "device_owner": "", "admin_state_up": true, "port_security_enabled": true, "security_groups": []}}"""
            .formatted(f.network(), f.subnet()),
            Set.of("/port/network_id"),
            // An empty profile is the binding a port starts with; what it holds is the binder's.
            Map.of("/port/binding:profile", EnumSet.of(Bad.NULL, Bad.UNKNOWN_FIELD)), Set.of()));
      case "PUT /networking/v2.0/ports/{id}":
        return List.of(json(key + " plain", () -> "{\"port\": {\"name\": \"renamed\"}}", Set.of(), Map.of(), Set.of()),
            json(key, () -> """
            {"port": {"name": "renamed", "description": "d", "binding:profile": {}, "admin_state_up": true}}""",
            Set.of(), Map.of("/port/binding:profile", EnumSet.of(Bad.NULL, Bad.UNKNOWN_FIELD)), Set.of()));
      case "POST /image/v2/images":
        return List.of(json(key, () -> """
            {"name": "i", "disk_format": "raw", "container_format": "bare", "visibility": "private",
             "min_disk": 0, "min_ram": 0, "protected": false, "tags": []}""", Set.of(), Map.of(), Set.of()));
      case "PATCH /image/v2/images/{id}":
        return List.of(new Body(key, () -> """
            [{"op": "replace", "path": "/name", "value": "renamed"}, {"op": "add", "path": "/catalog-prop", "value": "v"},
             {"op": "replace", "path": "/min_ram", "value": 64}, {"op": "replace", "path": "/protected", "value": false}]""",
            "application/openstack-images-v2.1-json-patch",
            Set.of("/0/op", "/0/path", "/0/value", "/1/op", "/1/path", "/1/value", "/2/value", "/3/value"), Map.of(),
            Set.of()));
      case "PUT /image/v2/images/{id}/file":
        return List.of(new Body(key, () -> "data", "application/octet-stream", Set.of(), Map.of(), Set.of()));
      case "PUT /agent/v1/hosts/{host}":
        return List.of(json(key, RouteCatalog::agentReport,
            Set.of("/host", "/numaCells", "/devices", "/deviceSpec", "/devices/0/address", "/devices/0/ids",
                "/devices/0/type", "/devices/1/parentAddress", "/devices/1/vdpa", "/heartbeatIntervalSeconds",
                "/serviceVersion"),
            // A device or socket of no NUMA node is -1 in sysfs; a host that cannot do vDPA says why, one that can does not.
            Map.of("/devices/0/numaNode", EnumSet.of(Bad.OUT_OF_RANGE, Bad.NULL),
                "/devices/1/numaNode", EnumSet.of(Bad.OUT_OF_RANGE, Bad.NULL),
                "/numaCells/0/socket", EnumSet.of(Bad.OUT_OF_RANGE),
                "/devices/0/driver", EnumSet.of(Bad.NULL), "/devices/1/driver", EnumSet.of(Bad.NULL),
                "/devices/0/ifname", EnumSet.of(Bad.NULL), "/devices/1/ifname", EnumSet.of(Bad.NULL),
                "/agentUrl", EnumSet.of(Bad.NULL), "/vdpaReason", EnumSet.of(Bad.NULL)),
            Set.of()));
      case "POST /agent/v1/hosts/{host}/heartbeat":
      case "PUT /identity/v3/projects/{project}/users/{user}/roles/{role}":
        return List.of();
      case "POST /identity/v3/projects":
        return List.of(json(key, () -> """
            {"project": {"name": "p-%d", "description": "d", "enabled": true, "domain_id": "default",
             "parent_id": "default", "is_domain": false, "tags": [], "options": {}}}""".formatted(UNIQUE.incrementAndGet()),
            Set.of("/project/name"), Map.of(), Set.of()));
      case "POST /identity/v3/users":
        return List.of(json(key, () -> """
            {"user": {"name": "u-%d", "password": "pw-1", "enabled": true, "email": "u@example.org", "description": "d",
             "domain_id": "default", "default_project_id": "%s", "options": {}}}""".formatted(UNIQUE.incrementAndGet(),
            f.demoProject()), Set.of("/user/name"), Map.of(), Set.of()));
      case "POST /identity/v3/roles":
        return List.of(json(key, () -> """
            {"role": {"name": "r-%d", "description": "d", "options": {}}}""".formatted(UNIQUE.incrementAndGet()),
            Set.of("/role/name"), Map.of(), Set.of()));
      default:
        if (!route.takesBody()) return List.of();
        throw new AssertionError("RouteCatalog knows no body for " + key
            + ": add a valid one, so that the bad-input test tries the route's body");
    }
  }

  private List<Body> serverActions(String key) {
    List<Body> bodies = new ArrayList<>();
    // Actions without arguments: Nova reads nothing of their value.
    for (String action : List.of("os-start", "os-stop", "suspend", "resume", "shelve", "shelveOffload", "unshelve",
        "confirmResize", "revertResize", "migrate")) {
      bodies.add(json(key + " " + action, () -> "{\"" + action + "\": null}", Set.of(), Map.of(), Set.of("/" + action)));
    }
    bodies.add(json(key + " os-getConsoleOutput", () -> "{\"os-getConsoleOutput\": {\"length\": 5}}",
        Set.of("/os-getConsoleOutput"), Map.of("/os-getConsoleOutput/length", EnumSet.of(Bad.OUT_OF_RANGE, Bad.NULL)),
        Set.of()));
    bodies.add(json(key + " reboot", () -> "{\"reboot\": {\"type\": \"HARD\"}}", Set.of("/reboot", "/reboot/type"), Map.of(),
        Set.of()));
    bodies.add(json(key + " resize", () -> "{\"resize\": {\"flavorRef\": \"2\", \"OS-DCF:diskConfig\": \"AUTO\"}}",
        Set.of("/resize", "/resize/flavorRef"), Map.of(), Set.of()));
    bodies.add(json(key + " os-migrateLive", () -> """
        {"os-migrateLive": {"host": null, "block_migration": "auto", "disk_over_commit": false, "force": false}}""",
        Set.of("/os-migrateLive", "/os-migrateLive/block_migration"),
        Map.of("/os-migrateLive/host", EnumSet.of(Bad.NULL)), Set.of()));
    bodies.add(json(key + " evacuate", () -> """
        {"evacuate": {"host": null, "adminPass": "pw", "onSharedStorage": false, "force": false}}""",
        Set.of(), Map.of("/evacuate/host", EnumSet.of(Bad.NULL), "/evacuate/adminPass", EnumSet.of(Bad.NULL)), Set.of()));
    bodies.add(json(key + " unshelve to a zone", () -> "{\"unshelve\": {\"availability_zone\": \"nova\"}}", Set.of(),
        Map.of("/unshelve/availability_zone", EnumSet.of(Bad.NULL)), Set.of()));
    bodies.add(json(key + " os-resetState", () -> "{\"os-resetState\": {\"state\": \"active\"}}",
        Set.of("/os-resetState", "/os-resetState/state"), Map.of(), Set.of()));
    return bodies;
  }

  private static String agentReport() {
    try {
      return AgentJson.mapper().writeValueAsString(HostReports.report(AGENT_HOST, "http://127.0.0.1:1",
          PciAddress.parse("0000:06:00.1")).withHost(AGENT_HOST));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static Body json(String label, Supplier<String> body, Set<String> required, Map<String, Set<Bad>> allowed,
      Set<String> opaque) {
    return new Body(label, body, "application/json", required, allowed, opaque);
  }
}
