package org.vdpacompute.api.compute;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.vdpacompute.api.http.Access;
import org.vdpacompute.api.http.ApiServer;
import org.vdpacompute.api.http.JsonBodies;
import org.vdpacompute.controller.identity.Token;
import org.vdpacompute.controller.model.Instance;
import org.vdpacompute.controller.network.Port;
import org.vdpacompute.controller.policy.Action;
import org.vdpacompute.controller.workflows.Caller;
import org.vdpacompute.controller.workflows.ServerActions;
import org.vdpacompute.controller.workflows.Servers;
import org.vdpacompute.core.InvalidValueException;
import org.vdpacompute.core.NotFoundException;

/** {@code /servers/{id}/os-interface}: the server's ports, and attaching and detaching them. */
public final class InterfacesResource implements ComputeRoutes {
  private static final String BASE = ComputeApi.V21 + "/servers/{id}/os-interface";
  private static final Set<String> FIELDS = Set.of("port_id", "net_id", "fixed_ips", "tag");

  private final Servers servers;
  private final ServerActions actions;

  public InterfacesResource(Servers servers, ServerActions actions) {
    this.servers = servers;
    this.actions = actions;
  }

  @Override
  public void addRoutes(Javalin app) {
    app.get(BASE, ctx -> {
      Instance i = visible(ctx);
      ctx.json(Map.of("interfaceAttachments", servers.ports(i).stream().map(p -> render(p.port())).toList()));
    }, Access.to(Action.SERVER_INTERFACES_LIST));
    app.get(BASE + "/{port}", ctx -> {
      Instance i = visible(ctx);
      Port p = servers.ports(i).stream().map(x -> x.port()).filter(x -> x.id().equals(ctx.pathParam("port"))).findFirst()
          .orElseThrow(() -> new NotFoundException("Port " + ctx.pathParam("port") + " is not attached to server " + i.uuid() + "."));
      ctx.json(Map.of("interfaceAttachment", render(p)));
    }, Access.to(Action.SERVER_INTERFACES_LIST));
    app.post(BASE, this::attach, Access.to(Action.SERVER_INTERFACES_ATTACH));
    app.delete(BASE + "/{port}", ctx -> {
      actions.detachInterface(ctx.pathParam("id"), caller(ctx), ctx.pathParam("port"));
      ctx.status(202);
    }, Access.to(Action.SERVER_INTERFACES_DETACH));
  }

  private void attach(Context ctx) {
    Caller who = caller(ctx);
    JsonNode body = JsonBodies.resource(ctx, "interfaceAttachment");
    JsonBodies.onlyKnown(body, "interfaceAttachment", FIELDS);
    String port = JsonBodies.text(body, "port_id");
    String network = JsonBodies.text(body, "net_id");
    if ((port == null) == (network == null)) {
      throw new InvalidValueException("an interface attachment names either a 'port_id' or a 'net_id'");
    }
    String fixedIp = null;
    JsonNode ips = body.get("fixed_ips");
    if (ips != null && !ips.isNull()) {
      if (port != null) throw new InvalidValueException("'fixed_ips' goes with a 'net_id', not with a port");
      if (!ips.isArray() || ips.size() != 1) throw new InvalidValueException("'fixed_ips' must list one {\"ip_address\": ...}");
      fixedIp = JsonBodies.text(ips.get(0), "ip_address");
    }
    Port attached = actions.attachInterface(ctx.pathParam("id"), who, port, network, fixedIp);
    ctx.json(Map.of("interfaceAttachment", render(attached)));
  }

  private Instance visible(Context ctx) {
    Caller who = caller(ctx);
    return servers.server(ctx.pathParam("id"), who.projectId(), who.admin());
  }

  private static Caller caller(Context ctx) {
    Token token = ApiServer.token(ctx);
    return new Caller(token.project().id(), token.user().id(), token.isAdmin());
  }

  private static Map<String, Object> render(Port p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("port_state", p.status());
    m.put("fixed_ips", p.fixedIps().stream().map(ip -> Map.of("subnet_id", ip.subnetId(), "ip_address", ip.ipAddress())).toList());
    m.put("port_id", p.id());
    m.put("net_id", p.networkId());
    m.put("mac_addr", p.macAddress());
    return m;
  }
}
