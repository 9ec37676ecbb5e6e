package org.vdpacompute.api.network;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vdpacompute.api.http.Access;
import org.vdpacompute.api.http.ApiServer;
import org.vdpacompute.api.http.ErrorShape;
import org.vdpacompute.api.http.JsonBodies;
import org.vdpacompute.api.http.Routes;
import org.vdpacompute.api.http.ServiceApi;
import org.vdpacompute.api.http.ServiceCatalog;
import org.vdpacompute.controller.identity.Token;
import org.vdpacompute.controller.network.Network;
import org.vdpacompute.controller.network.NetworkService;
import org.vdpacompute.controller.network.Port;
import org.vdpacompute.controller.network.Subnet;
import org.vdpacompute.controller.policy.Action;
import org.vdpacompute.controller.policy.Policy;
import org.vdpacompute.core.InvalidValueException;
import org.vdpacompute.core.NotFoundException;

/**
 * Networking v2.0: networks with provider attributes, subnets, and ports with port binding, as the
 * openstack CLI and SDKs use them. A project sees its own resources and shared networks; an admin
 * sees all. Another project's port is not found rather than forbidden, as in Neutron.
 */
public final class NetworkApi implements ServiceApi {
  static final String ROOT = "/networking";
  static final String V2 = ROOT + "/v2.0";
  private static final Set<String> NETWORK_FIELDS = Set.of("name", "admin_state_up", "shared", "tenant_id", "project_id",
      "provider:network_type", "provider:physical_network", "provider:segmentation_id", "mtu", "description",
      "port_security_enabled", "router:external", "availability_zone_hints");
  private static final Set<String> SUBNET_FIELDS = Set.of("name", "network_id", "tenant_id", "project_id", "cidr", "ip_version",
      "gateway_ip", "enable_dhcp", "description", "dns_nameservers", "allocation_pools", "host_routes");
  private static final Set<String> PORT_FIELDS = Set.of("name", "network_id", "tenant_id", "project_id", "mac_address",
      "fixed_ips", "binding:vnic_type", "binding:profile", "binding:host_id", "device_id", "device_owner",
      "admin_state_up", "description", "port_security_enabled", "security_groups");
  private static final Set<String> PORT_UPDATE_FIELDS = Set.of("name", "binding:profile", "device_id", "device_owner",
      "admin_state_up", "description", "binding:host_id");
  /** Query parameters that are paging or field selection, not filters. */
  private static final Set<String> NOT_FILTERS = Set.of("fields", "limit", "marker", "sort_key", "sort_dir", "page_reverse");

  private final NetworkService networks;
  private final List<Routes> resources;

  /** Networks, subnets and ports. */
  public NetworkApi(NetworkService networks) {
    this(networks, List.of());
  }

  /** Networks, subnets and ports, and the resources given (quotas, security groups). */
  public NetworkApi(NetworkService networks, List<Routes> resources) {
    this.networks = networks;
    this.resources = List.copyOf(resources);
  }

  @Override
  public String prefix() {
    return ROOT;
  }

  @Override
  public String openStackApi() {
    return "networking";
  }

  @Override
  public ErrorShape errorShape() {
    return ErrorShape.NETWORK;
  }

  @Override
  public void addRoutes(Javalin app) {
    app.get(ROOT, ctx -> ctx.json(Map.of("versions", List.of(Map.of("id", "v2.0", "status", "CURRENT",
        "links", List.of(Map.of("rel", "self", "href", ServiceCatalog.of(ctx).url(V2 + "/"))))))), Access.PUBLIC);
    app.get(V2 + "/extensions", ctx -> ctx.json(Map.of("extensions", EXTENSIONS)), Access.to(Action.EXTENSIONS));
    // Clients ask for one extension to learn whether Neutron has it: one it has not is a 404, as in Neutron.
    app.get(V2 + "/extensions/{alias}", ctx -> ctx.json(Map.of("extension", EXTENSIONS.stream()
        .filter(e -> e.get("alias").equals(ctx.pathParam("alias"))).findFirst()
        .orElseThrow(() -> new NotFoundException("Extension with alias " + JsonBodies.shown(ctx.pathParam("alias"))
            + " does not exist")))), Access.to(Action.EXTENSIONS));
    // One zone, as the compute API's: Neutron's come from its agents, which this cloud has none of.
    app.get(V2 + "/availability_zones", ctx -> ctx.json(Map.of("availability_zones", List.of(Map.of("name",
        AVAILABILITY_ZONE, "resource", "network", "state", "available")))), Access.to(Action.NETWORK_AVAILABILITY_ZONES));
    app.post(V2 + "/networks", this::createNetwork, Access.to(Action.NETWORK_CREATE));
    app.get(V2 + "/networks", ctx -> ctx.json(Map.of("networks", filter(ctx, visibleNetworks(ApiServer.token(ctx))))),
        Access.to(Action.NETWORK_LIST));
    app.get(V2 + "/networks/{id}", ctx -> ctx.json(Map.of("network", render(visibleNetwork(ctx)))),
        Access.to(Action.NETWORK_LIST));
    app.delete(V2 + "/networks/{id}", ctx -> {
      Network n = visibleNetwork(ctx);
      Policy.authorize(ApiServer.token(ctx), Action.NETWORK_DELETE, n.projectId());
      networks.deleteNetwork(n.id());
      ctx.status(204);
    }, Access.to(Action.NETWORK_DELETE));
    app.post(V2 + "/subnets", this::createSubnet, Access.to(Action.SUBNET_CREATE));
    app.get(V2 + "/subnets", ctx -> ctx.json(Map.of("subnets", filter(ctx,
        networks.subnets(projectScope(ApiServer.token(ctx))).stream().map(NetworkViews::subnet).toList()))),
        Access.to(Action.SUBNET_LIST));
    app.get(V2 + "/subnets/{id}", ctx -> ctx.json(Map.of("subnet", NetworkViews.subnet(visibleSubnet(ctx)))),
        Access.to(Action.SUBNET_LIST));
    app.post(V2 + "/ports", this::createPort, Access.to(Action.PORT_WRITE));
    app.get(V2 + "/ports", ctx -> ctx.json(Map.of("ports", filter(ctx,
        networks.ports(projectScope(ApiServer.token(ctx))).stream().map(NetworkViews::port).toList()))),
        Access.to(Action.PORT_READ));
    app.get(V2 + "/ports/{id}", ctx -> ctx.json(Map.of("port", NetworkViews.port(visiblePort(ctx)))),
        Access.to(Action.PORT_READ));
    app.put(V2 + "/ports/{id}", this::updatePort, Access.to(Action.PORT_UPDATE));
    app.delete(V2 + "/ports/{id}", ctx -> {
      Port p = visiblePort(ctx);
      Policy.authorize(ApiServer.token(ctx), Action.PORT_DELETE, p.projectId());
      networks.deletePort(p.id());
      ctx.status(204);
    }, Access.to(Action.PORT_DELETE));
    for (Routes r : resources) {
      r.addRoutes(app);
    }
  }

  /** The Neutron extensions this cloud has, which clients look for before they use them. */
  private static final List<Map<String, Object>> EXTENSIONS = List.of(
      extension("binding", "Port Binding"), extension("provider", "Provider Network"),
      extension("standard-attr-revisions", "Resource revision numbers"), extension("quotas", "Quota management support"),
      extension("quota_details", "Quota details extension"), extension("availability_zone", "Availability Zone"));
  /** The one availability zone, Nova's default name. */
  private static final String AVAILABILITY_ZONE = "nova";

  private static Map<String, Object> extension(String alias, String name) {
    return Map.of("alias", alias, "name", name, "description", name, "updated", "2013-01-01T00:00:00-00:00", "links", List.of());
  }

  private void createNetwork(Context ctx) {
    Token token = ApiServer.token(ctx);
    JsonNode body = JsonBodies.resource(ctx, "network");
    JsonBodies.onlyKnown(body, "network", NETWORK_FIELDS);
    String project = ownerProject(token, body);
    Policy.authorize(token, Action.NETWORK_CREATE, project);
    boolean provider = body.has("provider:network_type") || body.has("provider:physical_network") || body.has("provider:segmentation_id");
    if (provider) Policy.authorize(token, Action.NETWORK_PROVIDER, project);
    if (Boolean.TRUE.equals(JsonBodies.bool(body, "shared"))) Policy.authorize(token, Action.NETWORK_PROVIDER, project);
    NeutronAttributes.string(body, "description");
    NeutronAttributes.onlyValue(body, "admin_state_up", true, "networks here are always up");
    NeutronAttributes.onlyValue(body, "port_security_enabled", true, "ports here always have port security");
    NeutronAttributes.onlyValue(body, "router:external", false, "this cloud has no routers");
    NeutronAttributes.zoneHints(body);
    Network n = networks.createNetwork(new NetworkService.NetworkRequest(NeutronAttributes.string(body, "name"), project,
        NeutronAttributes.string(body, "provider:network_type"),
        NeutronAttributes.string(body, "provider:physical_network", NeutronAttributes.PHYSICAL_NETWORK_MAX_LENGTH),
        JsonBodies.integer(body, "provider:segmentation_id"), JsonBodies.bool(body, "shared"), JsonBodies.integer(body, "mtu")));
    ctx.status(201).json(Map.of("network", render(n)));
  }

  private void createSubnet(Context ctx) {
    Token token = ApiServer.token(ctx);
    JsonNode body = JsonBodies.resource(ctx, "subnet");
    JsonBodies.onlyKnown(body, "subnet", SUBNET_FIELDS);
    Network n = visibleNetwork(JsonBodies.text(body, "network_id"), token);
    Policy.authorize(token, Action.SUBNET_CREATE, n.projectId());
    boolean gatewayNone = body.has("gateway_ip") && body.get("gateway_ip").isNull();
    NeutronAttributes.string(body, "description");
    NeutronAttributes.emptyList(body, "dns_nameservers", "this cloud gives its subnets no DNS servers");
    NeutronAttributes.emptyList(body, "allocation_pools", "a subnet's pool here is all of its addresses but the gateway");
    NeutronAttributes.emptyList(body, "host_routes", "this cloud gives its subnets no host routes");
    NeutronAttributes.string(body, "description");
    Subnet s = networks.createSubnet(new NetworkService.SubnetRequest(NeutronAttributes.string(body, "name"), n.id(),
        ownerProject(token, body), JsonBodies.text(body, "cidr"), JsonBodies.integer(body, "ip_version"),
        JsonBodies.text(body, "gateway_ip"), gatewayNone, JsonBodies.bool(body, "enable_dhcp")));
    ctx.status(201).json(Map.of("subnet", NetworkViews.subnet(s)));
  }

  private void createPort(Context ctx) {
    Token token = ApiServer.token(ctx);
    JsonNode body = JsonBodies.resource(ctx, "port");
    JsonBodies.onlyKnown(body, "port", PORT_FIELDS);
    // The network as known: the port's insert refuses one deleted meanwhile.
    Network n = visible(networks.knownNetwork(required(JsonBodies.text(body, "network_id"))), token);
    String project = ownerProject(token, body);
    Policy.authorize(token, Action.PORT_WRITE, project);
    if (body.hasNonNull("binding:host_id")) Policy.authorize(token, Action.PORT_BINDING, project);
    // Named in the request at all, even empty, as Neutron enforces an attribute explicitly set.
    if (body.has("binding:profile")) Policy.authorize(token, Action.PORT_BINDING_PROFILE, project);
    NeutronAttributes.string(body, "description");
    NeutronAttributes.string(body, "binding:host_id");
    NeutronAttributes.onlyValue(body, "admin_state_up", true, "a port is made up; set admin_state_up down with an update");
    NeutronAttributes.onlyValue(body, "port_security_enabled", true, "ports here always have port security");
    NeutronAttributes.emptyList(body, "security_groups", "this cloud has no security groups");
    Port p = networks.createPort(new NetworkService.PortRequest(NeutronAttributes.string(body, "name"), n.id(), project,
        JsonBodies.text(body, "binding:vnic_type"), JsonBodies.text(body, "mac_address"), fixedIps(body),
        profile(body), NeutronAttributes.string(body, "device_id"), NeutronAttributes.string(body, "device_owner")));
    ctx.status(201).json(Map.of("port", NetworkViews.port(p)));
  }

  private void updatePort(Context ctx) {
    Token token = ApiServer.token(ctx);
    Port p = visiblePort(ctx);
    Policy.authorize(token, Action.PORT_UPDATE, p.projectId());
    JsonNode body = JsonBodies.resource(ctx, "port");
    JsonBodies.onlyKnown(body, "port", PORT_UPDATE_FIELDS);
    if (body.has("binding:host_id")) Policy.authorize(token, Action.PORT_BINDING_UPDATE, p.projectId());
    if (body.has("binding:profile")) Policy.authorize(token, Action.PORT_BINDING_PROFILE_UPDATE, p.projectId());
    for (String field : List.of("description", "device_id", "device_owner", "binding:host_id")) {
      NeutronAttributes.string(body, field);
    }
    Port updated = networks.update(p.id(), NeutronAttributes.string(body, "name"),
        body.has("binding:profile") ? profile(body) : null, JsonBodies.bool(body, "admin_state_up"));
    ctx.json(Map.of("port", NetworkViews.port(updated)));
  }

  private static List<Port.FixedIp> fixedIps(JsonNode body) {
    JsonNode ips = body.get("fixed_ips");
    if (ips == null || ips.isNull()) return null;
    if (!ips.isArray()) throw new InvalidValueException("'fixed_ips' must be a list of {subnet_id, ip_address}");
    List<Port.FixedIp> list = new ArrayList<>();
    for (JsonNode ip : ips) {
      JsonBodies.onlyKnown(ip, "fixed_ips", Set.of("subnet_id", "ip_address"));
      list.add(new Port.FixedIp(JsonBodies.text(ip, "subnet_id"), JsonBodies.text(ip, "ip_address")));
    }
    return list;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> profile(JsonNode body) {
    JsonNode p = body.get("binding:profile");
    if (p == null || p.isNull()) return Map.of();
    if (!p.isObject()) throw new InvalidValueException("'binding:profile' must be an object");
    return ApiServer.JSON.convertValue(p, Map.class);
  }

  /** The project a new resource belongs to: the caller's, or another one only for an admin. */
  private static String ownerProject(Token token, JsonNode body) {
    String asked = NeutronAttributes.string(body, "project_id");
    if (asked == null) asked = NeutronAttributes.string(body, "tenant_id");
    if (asked == null || asked.equals(token.project().id())) return token.project().id();
    Policy.authorize(token, Action.NETWORK_PROVIDER, asked);
    return asked;
  }

  private static String projectScope(Token token) {
    return token.isAdmin() ? null : token.project().id();
  }

  private List<Map<String, Object>> visibleNetworks(Token token) {
    List<Map<String, Object>> list = new ArrayList<>();
    for (Network n : networks.networks(projectScope(token))) list.add(render(n));
    return list;
  }

  private Map<String, Object> render(Network n) {
    return NetworkViews.network(n, networks.subnetsOf(n.id()));
  }

  private Network visibleNetwork(Context ctx) {
    return visibleNetwork(ctx.pathParam("id"), ApiServer.token(ctx));
  }

  private Network visibleNetwork(String id, Token token) {
    return visible(networks.network(required(id)), token);
  }

  private static String required(String networkId) {
    if (networkId == null) throw new InvalidValueException("'network_id' is required");
    return networkId;
  }

  /** The network, if the caller may see it; another project's private one is as good as missing. */
  private static Network visible(Network n, Token token) {
    if (!token.isAdmin() && !n.shared() && !n.projectId().equals(token.project().id())) {
      throw new NotFoundException("Network " + n.id() + " could not be found.");
    }
    return n;
  }

  private Subnet visibleSubnet(Context ctx) {
    Subnet s = networks.subnet(ctx.pathParam("id"));
    visibleNetwork(s.networkId(), ApiServer.token(ctx));
    return s;
  }

  private Port visiblePort(Context ctx) {
    Token token = ApiServer.token(ctx);
    Port p = networks.port(ctx.pathParam("id"));
    if (!token.isAdmin() && !p.projectId().equals(token.project().id())) {
      throw new NotFoundException("Port " + p.id() + " could not be found.");
    }
    return p;
  }

  /** Neutron's list filters: each query parameter an attribute, repeated values meaning any of them. */
  static List<Map<String, Object>> filter(Context ctx, List<Map<String, Object>> items) {
    Map<String, List<String>> filters = new LinkedHashMap<>(ctx.queryParamMap());
    filters.keySet().removeAll(NOT_FILTERS);
    if (filters.isEmpty()) return items;
    List<Map<String, Object>> kept = new ArrayList<>();
    for (Map<String, Object> item : items) {
      boolean ok = true;
      for (Iterator<Map.Entry<String, List<String>>> it = filters.entrySet().iterator(); ok && it.hasNext(); ) {
        Map.Entry<String, List<String>> f = it.next();
        Object v = item.get(f.getKey());
        ok = item.containsKey(f.getKey()) && f.getValue().contains(v == null ? "" : String.valueOf(v));
      }
      if (ok) kept.add(item);
    }
    return kept;
  }
}
