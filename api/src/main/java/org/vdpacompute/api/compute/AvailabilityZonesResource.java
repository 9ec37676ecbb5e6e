package org.vdpacompute.api.compute;

import io.javalin.Javalin;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vdpacompute.api.http.Access;
import org.vdpacompute.controller.placement.ComputeService;
import org.vdpacompute.controller.placement.ComputeServices;
import org.vdpacompute.controller.policy.Action;

/**
 * {@code os-availability-zone}: every compute host is in Nova's default zone, {@code nova}, which is
 * available while one of its compute services is enabled, as Nova reckons it; the detail (admin
 * only) names each host's {@code nova-compute} service, whether it is up and enabled.
 */
public final class AvailabilityZonesResource implements ComputeRoutes {
  /** The one zone, Nova's default name. */
  static final String ZONE = "nova";
  private static final String BASE = ComputeApi.V21 + "/os-availability-zone";

  private final ComputeServices services;

  public AvailabilityZonesResource(ComputeServices services) {
    this.services = services;
  }

  @Override
  public void addRoutes(Javalin app) {
    app.get(BASE, ctx -> ctx.json(Map.of("availabilityZoneInfo", zones(false))), Access.to(Action.AVAILABILITY_ZONES));
    app.get(BASE + "/detail", ctx -> ctx.json(Map.of("availabilityZoneInfo", zones(true))),
        Access.to(Action.AVAILABILITY_ZONES_DETAIL));
  }

  private List<Map<String, Object>> zones(boolean detail) {
    List<ComputeService> all = services.services();
    if (all.isEmpty()) return List.of();
    Map<String, Object> zone = new LinkedHashMap<>();
    zone.put("zoneName", ZONE);
    zone.put("zoneState", Map.of("available", all.stream().anyMatch(s -> !s.disabled())));
    if (detail) {
      Map<String, Object> hosts = new LinkedHashMap<>();
      for (ComputeService s : all) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("available", services.isUp(s));
        state.put("active", !s.disabled());
        state.put("updated_at", ServicesResource.TIME.format(s.lastSeenAt()));
        hosts.put(s.host(), Map.of("nova-compute", state));
      }
      zone.put("hosts", hosts);
    } else {
      zone.put("hosts", null);
    }
    return List.of(zone);
  }
}
