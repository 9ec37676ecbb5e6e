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
import org.vdpacompute.controller.placement.ComputeService;
import org.vdpacompute.controller.placement.ComputeServices;
import org.vdpacompute.controller.placement.HostUsage;
import org.vdpacompute.controller.policy.Action;
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

  private final ComputeServices services;
  private final Function<String, HostUsage> usage;

  /** @param usage what the servers on a host use of it */
  public HypervisorsResource(ComputeServices services, Function<String, HostUsage> usage) {
    this.services = services;
    this.usage = usage;
  }

  @Override
  public void addRoutes(Javalin app) {
    app.get(BASE, ctx -> ctx.json(Map.of("hypervisors", list(ctx, false))), ADMIN);
    app.get(BASE + "/detail", ctx -> ctx.json(Map.of("hypervisors", list(ctx, true))), ADMIN);
    app.get(BASE + "/{id}", ctx -> {
      ComputeService s = services.serviceById(ctx.pathParam("id"));
      ctx.json(Map.of("hypervisor", render(ctx, s, true)));
    }, ADMIN);
  }

  private List<Map<String, Object>> list(Context ctx, boolean detail) {
    String pattern = ctx.queryParam("hypervisor_hostname_pattern");
    List<Map<String, Object>> list = new ArrayList<>();
    for (ComputeService s : services.services()) {
      if (pattern == null || s.host().contains(pattern)) list.add(render(ctx, s, detail));
    }
    return list;
  }

  private Map<String, Object> render(Context ctx, ComputeService s, boolean detail) {
    HostReport r = services.report(s.host())
        .orElseThrow(() -> new NotFoundException("Hypervisor " + s.id() + " could not be found."));
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", s.id());
    m.put("hypervisor_hostname", s.host());
    m.put("state", services.isUp(s) ? "up" : "down");
    m.put("status", s.disabled() ? "disabled" : "enabled");
    if (!detail) return m;
    HostUsage used = usage.apply(s.host());
    m.put("hypervisor_type", r.hypervisorType().toUpperCase(java.util.Locale.ROOT).equals("KVM") ? "QEMU" : r.hypervisorType());
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
