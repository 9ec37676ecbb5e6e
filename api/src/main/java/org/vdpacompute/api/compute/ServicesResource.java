package org.vdpacompute.api.compute;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vdpacompute.api.http.Access;
import org.vdpacompute.api.http.JsonBodies;
import org.vdpacompute.controller.placement.ComputeService;
import org.vdpacompute.controller.placement.ComputeServices;
import org.vdpacompute.controller.policy.Action;
import org.vdpacompute.core.InvalidValueException;
import org.vdpacompute.core.NotFoundException;

/**
 * {@code os-services}, admin only: list, enable and disable (with a reason), force down. Both
 * forms of update are served: by service id (2.53 and later) and by host and binary (before).
 */
public final class ServicesResource implements ComputeRoutes {
  private static final String BASE = ComputeApi.V21 + "/os-services";
  static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);

  private final ComputeServices services;

  public ServicesResource(ComputeServices services) {
    this.services = services;
  }

  @Override
  public void addRoutes(Javalin app) {
    app.get(BASE, ctx -> {
      String host = ctx.queryParam("host");
      String binary = ctx.queryParam("binary");
      List<Map<String, Object>> list = services.services().stream()
          .filter(s -> host == null || host.equals(s.host()))
          .filter(s -> binary == null || binary.equals(ComputeService.BINARY))
          .map(s -> render(ctx, s)).toList();
      ctx.json(Map.of("services", list));
    }, Access.to(Action.SERVICES));
    for (String action : List.of("enable", "disable", "disable-log-reason", "force-down")) {
      app.put(BASE + "/" + action, ctx -> legacyUpdate(ctx, action), Access.to(Action.SERVICES_UPDATE));
    }
    app.put(BASE + "/{id}", this::update, Access.to(Action.SERVICES_UPDATE));
  }

  /** Before 2.53: {@code PUT /os-services/disable {"host": ..., "binary": ...}}. */
  private void legacyUpdate(Context ctx, String action) {
    JsonNode body = JsonBodies.resource(ctx, null);
    // As Nova's schemas: each action takes the host and binary, and its own field only.
    JsonBodies.onlyKnown(body, "service", switch (action) {
      case "disable-log-reason" -> Set.of("host", "binary", "disabled_reason");
      case "force-down" -> Set.of("host", "binary", "forced_down");
      default -> Set.of("host", "binary");
    });
    String host = JsonBodies.text(body, "host");
    String binary = JsonBodies.text(body, "binary");
    if (host == null || !ComputeService.BINARY.equals(binary)) {
      throw new NotFoundException("Service " + JsonBodies.shown(String.valueOf(binary)) + " on host "
          + JsonBodies.shown(String.valueOf(host)) + " not found.");
    }
    ComputeService s = switch (action) {
      case "enable" -> services.setStatus(host, false, null);
      case "disable" -> services.setStatus(host, true, null);
      case "disable-log-reason" -> services.setStatus(host, true, reason(body));
      default -> {
        Boolean down = JsonBodies.bool(body, "forced_down");
        if (down == null) throw new InvalidValueException("'forced_down' is required");
        yield services.forceDown(host, down);
      }
    };
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("host", s.host());
    out.put("binary", ComputeService.BINARY);
    if (action.equals("force-down")) {
      out.put("forced_down", s.forcedDown());
    } else {
      out.put("status", s.disabled() ? "disabled" : "enabled");
      if (action.equals("disable-log-reason")) out.put("disabled_reason", s.disabledReason());
    }
    ctx.json(Map.of("service", out));
  }

  /** 2.53 and later: {@code PUT /os-services/{id} {"status": ..., "disabled_reason": ..., "forced_down": ...}}. */
  private void update(Context ctx) {
    JsonNode body = JsonBodies.resource(ctx, null);
    JsonBodies.onlyKnown(body, "service", Set.of("status", "disabled_reason", "forced_down"));
    // Everything checked before anything changes.
    String status = JsonBodies.text(body, "status");
    if (status != null && !status.equals("enabled") && !status.equals("disabled")) {
      throw new InvalidValueException("status must be enabled or disabled, not '" + JsonBodies.shown(status) + "'");
    }
    String reason = reason(body);
    if (reason != null && !"disabled".equals(status)) {
      throw new InvalidValueException("'disabled_reason' goes only with status 'disabled'");
    }
    Boolean down = JsonBodies.bool(body, "forced_down");
    ComputeService s = services.serviceById(ctx.pathParam("id"));
    if (status != null) s = services.setStatus(s.host(), status.equals("disabled"), reason);
    if (down != null) s = services.forceDown(s.host(), down);
    ctx.json(Map.of("service", render(ctx, s)));
  }

  /** Nova's {@code disabled_reason}: 1 to 255 characters, or none. */
  private static String reason(JsonNode body) {
    String reason = JsonBodies.text(body, "disabled_reason");
    if (reason != null && (reason.isEmpty() || reason.length() > 255)) {
      throw new InvalidValueException("'disabled_reason' must be 1 to 255 characters, not " + reason.length());
    }
    return reason;
  }

  private Map<String, Object> render(Context ctx, ComputeService s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", s.id());
    m.put("binary", ComputeService.BINARY);
    m.put("host", s.host());
    m.put("zone", "nova");
    m.put("status", s.disabled() ? "disabled" : "enabled");
    m.put("state", services.isUp(s) ? "up" : "down");
    m.put("updated_at", TIME.format(s.lastSeenAt()));
    m.put("disabled_reason", s.disabledReason());
    if (ComputeApi.of(ctx).isAtLeast(2, 11)) m.put("forced_down", s.forcedDown());
    return m;
  }
}
