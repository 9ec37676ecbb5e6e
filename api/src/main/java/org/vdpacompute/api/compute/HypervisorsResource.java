package org.vdpacompute.api.compute;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.vdpacompute.agent.protocol.HostReport;
import org.vdpacompute.agent.protocol.SwitchStatus;
import org.vdpacompute.api.http.Access;
import java.util.Locale;
import org.vdpacompute.api.http.JsonBodies;
import org.vdpacompute.controller.model.Instance;
import org.vdpacompute.controller.placement.ComputeService;
import org.vdpacompute.controller.placement.ComputeServices;
import org.vdpacompute.controller.placement.HostUsage;
import org.vdpacompute.controller.policy.Action;
import org.vdpacompute.core.InvalidValueException;
import org.vdpacompute.core.NotFoundException;

/**
 * {@code os-hypervisors}, admin only: one hypervisor per compute host, from the host's latest
 * report. Each document also says whether the host can give guests vDPA devices and, if not, why
 * (its libvirt, QEMU or kernel is too old), and the state of the offloaded switch its agent plugs
 * representors into ({@code up}, {@code down} with the reason, or {@code not managed}): an
 * extension of ours, under {@code vdpa}.
 */
public final class HypervisorsResource implements ComputeRoutes {
  private static final String BASE = ComputeApi.V21 + "/os-hypervisors";
  private static final Access ADMIN = Access.to(Action.HYPERVISORS);
  /** The sums of {@code os-hypervisors/statistics}, in Nova's order. */
  private static final List<String> STATISTICS = List.of("vcpus", "memory_mb", "local_gb", "vcpus_used", "memory_mb_used",
      "local_gb_used", "free_ram_mb", "free_disk_gb", "current_workload", "running_vms", "disk_available_least");

  private final ComputeServices services;
  private final Function<String, HostUsage> usage;
  private final Function<String, List<Instance>> serversOn;

  /**
   * @param usage what the servers on a host use of it
   * @param serversOn the servers on a host, deleted ones left out
   */
  public HypervisorsResource(ComputeServices services, Function<String, HostUsage> usage,
      Function<String, List<Instance>> serversOn) {
    this.services = services;
    this.usage = usage;
    this.serversOn = serversOn;
  }

  @Override
  public void addRoutes(Javalin app) {
    app.get(BASE, ctx -> ctx.json(Map.of("hypervisors", list(ctx, false))), ADMIN);
    app.get(BASE + "/detail", ctx -> ctx.json(Map.of("hypervisors", list(ctx, true))), ADMIN);
    app.get(BASE + "/statistics", ctx -> ctx.json(Map.of("hypervisor_statistics", statistics())),
        Access.to(Action.HYPERVISORS_STATISTICS));
    app.get(BASE + "/{id}", ctx -> {
      ComputeService s = services.serviceById(ctx.pathParam("id"));
      ctx.json(Map.of("hypervisor", render(ctx, s, true, withServers(ctx))));
    }, ADMIN);
    // Before 2.53, searching by a part of the host name had routes of its own, one with the servers.
    app.get(BASE + "/{id}/search", ctx -> ctx.json(Map.of("hypervisors", matching(ctx, false))),
        Access.to(Action.HYPERVISORS_SEARCH));
    app.get(BASE + "/{id}/servers", ctx -> ctx.json(Map.of("hypervisors", matching(ctx, true))),
        Access.to(Action.HYPERVISORS_SERVERS));
  }

  /** Whether the caller asked for each hypervisor's servers, which 2.53 allows. */
  private static boolean withServers(Context ctx) {
    String asked = ctx.queryParam("with_servers");
    if (asked == null || !ComputeApi.of(ctx).isAtLeast(2, 53)) return false;
    return switch (asked.toLowerCase(Locale.ROOT)) {
      case "true", "1", "yes", "on", "t", "y" -> true;
      case "false", "0", "no", "off", "f", "n" -> false;
      default -> throw new InvalidValueException("with_servers must be a boolean, not " + JsonBodies.shown(asked));
    };
  }

  /** The hypervisors whose host name holds the path's pattern (before 2.53; 2.53 moved this to the list). */
  private List<Map<String, Object>> matching(Context ctx, boolean withServers) {
    if (ComputeApi.of(ctx).isAtLeast(2, 53)) {
      throw new NotFoundException("The resource could not be found: from microversion 2.53 on, use "
          + BASE + "?hypervisor_hostname_pattern=...&with_servers=true");
    }
    return found(ctx, ctx.pathParam("id"), false, withServers);
  }

  private List<Map<String, Object>> list(Context ctx, boolean detail) {
    String pattern = ctx.queryParam("hypervisor_hostname_pattern");
    boolean withServers = withServers(ctx);
    if (pattern != null) return found(ctx, pattern, detail, withServers);
    List<Map<String, Object>> list = new ArrayList<>();
    for (ComputeService s : services.services()) list.add(render(ctx, s, detail, withServers));
    return list;
  }

  /** The hypervisors whose host name holds the pattern; none is a 404, as in Nova. */
  private List<Map<String, Object>> found(Context ctx, String pattern, boolean detail, boolean withServers) {
    List<Map<String, Object>> list = new ArrayList<>();
    for (ComputeService s : services.services()) {
      if (s.host().contains(pattern)) list.add(render(ctx, s, detail, withServers));
    }
    if (list.isEmpty()) throw new NotFoundException("No hypervisor matching '" + JsonBodies.shown(pattern) + "' could be found.");
    return list;
  }

  /** The sums over every hypervisor, as Nova's statistics (which 2.88 dropped). */
  private Map<String, Object> statistics() {
    long[] sums = new long[STATISTICS.size()];
    int count = 0;
    for (ComputeService s : services.services()) {
      HostReport r = services.report(s.host()).orElse(null);
      if (r == null) continue;
      count++;
      HostUsage used = usage.apply(s.host());
      long[] of = {r.vcpus(), r.memoryMb(), r.diskGb(), used.vcpus(), used.memoryMb(), used.diskGb(),
          r.memoryMb() - used.memoryMb(), r.diskGb() - used.diskGb(), 0, used.servers(), r.diskGb() - used.diskGb()};
      for (int i = 0; i < sums.length; i++) sums[i] += of[i];
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("count", count);
    for (int i = 0; i < sums.length; i++) m.put(STATISTICS.get(i), sums[i]);
    return m;
  }

  private Map<String, Object> render(Context ctx, ComputeService s, boolean detail, boolean withServers) {
    HostReport r = services.report(s.host())
        .orElseThrow(() -> new NotFoundException("Hypervisor " + s.id() + " could not be found."));
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", s.id());
    m.put("hypervisor_hostname", s.host());
    m.put("state", services.isUp(s) ? "up" : "down");
    m.put("status", s.disabled() ? "disabled" : "enabled");
    if (withServers) {
      List<Map<String, String>> servers = serversOn.apply(s.host()).stream()
          .map(i -> Map.of("name", i.name(), "uuid", i.uuid())).toList();
      // Nova leaves the key out when there are none.
      if (!servers.isEmpty()) m.put("servers", servers);
    }
    if (!detail) return m;
    HostUsage used = usage.apply(s.host());
    m.put("hypervisor_type", r.hypervisorType().toUpperCase(Locale.ROOT).equals("KVM") ? "QEMU" : r.hypervisorType());
    m.put("hypervisor_version", packed(r.qemuVersion()));
    m.put("host_ip", "127.0.0.1");
    m.put("service", Map.of("host", s.host(), "id", s.id(), "disabled_reason", s.disabledReason() == null ? "" : s.disabledReason()));
    m.put("vcpus", r.vcpus());
    m.put("memory_mb", r.memoryMb());
    m.put("local_gb", r.diskGb());
    m.put("vcpus_used", used.vcpus());
    m.put("memory_mb_used", used.memoryMb());
    m.put("local_gb_used", used.diskGb());
    m.put("free_ram_mb", r.memoryMb() - used.memoryMb());
    m.put("free_disk_gb", r.diskGb() - used.diskGb());
    m.put("current_workload", 0);
    m.put("running_vms", used.servers());
    m.put("disk_available_least", r.diskGb() - used.diskGb());
    m.put("cpu_info", "{}");
    Map<String, Object> vdpa = new LinkedHashMap<>();
    vdpa.put("supported", r.vdpaSupported());
    vdpa.put("reason", r.vdpaReason());
    vdpa.put("libvirt_version", r.libvirtVersion());
    vdpa.put("qemu_version", r.qemuVersion());
    vdpa.put("kernel_version", r.kernelVersion());
    // An agent from before switch plugging reports none: it plugs nothing.
    SwitchStatus sw = r.switchStatus() == null ? SwitchStatus.NOT_MANAGED : r.switchStatus();
    Map<String, Object> offloadedSwitch = new LinkedHashMap<>();
    offloadedSwitch.put("state", sw.state().apiName());
    offloadedSwitch.put("reason", sw.reason());
    vdpa.put("switch", offloadedSwitch);
    m.put("vdpa", vdpa);
    return m;
  }

  /** Nova reports QEMU's version packed as major * 1,000,000 + minor * 1,000 + micro. */
  static long packed(String version) {
    String[] parts = version.split("[.-]");
    long v = 0;
    for (int i = 0; i < 3; i++) {
      long n = 0;
      if (i < parts.length) {
        try {
          n = Long.parseLong(parts[i].replaceAll("\\D.*", ""));
        } catch (NumberFormatException e) {
          n = 0;
        }
      }
      v = v * 1000 + n;
    }
    return v;
  }
}
