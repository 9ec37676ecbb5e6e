package org.vdpacompute.api.compute;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import org.vdpacompute.api.http.ServiceCatalog;
import org.vdpacompute.controller.model.Flavor;
import org.vdpacompute.controller.model.Instance;
import org.vdpacompute.controller.model.VmState;
import org.vdpacompute.controller.network.Network;
import org.vdpacompute.controller.network.Port;

/**
 * A server as the compute API shows it, field for field as Nova at the requested microversion;
 * the host attributes ({@code OS-EXT-SRV-ATTR:*}) to administrators only, as Nova's default policy.
 */
final class ServerViews {
  /** Whether a compute host is up, for {@code host_status}. */
  private final Predicate<String> hostUp;

  ServerViews(Predicate<String> hostUp) {
    this.hostUp = hostUp;
  }

  /** What the ports of the servers being shown are, the networks they are on, and each server's metadata. */
  record Lookups(Function<String, Port> port, Function<String, Network> network,
      Function<String, Map<String, String>> metadata) {}

  Map<String, Object> brief(Context ctx, Instance i) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", i.uuid());
    m.put("name", i.name());
    m.put("links", links(ctx, "servers", i.uuid()));
    return m;
  }

  Map<String, Object> detail(Context ctx, Instance i, Lookups lookups, boolean admin) {
    Microversion v = ComputeApi.of(ctx);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", i.uuid());
    m.put("name", i.name());
    m.put("status", i.status());
    m.put("tenant_id", i.projectId());
    m.put("user_id", i.userId());
    m.put("metadata", lookups.metadata().apply(i.uuid()));
    m.put("hostId", i.host() == null ? "" : hostId(i.projectId(), i.host()));
    m.put("image", Map.of("id", i.imageId(), "links", List.of(Map.of("rel", "bookmark",
        "href", ServiceCatalog.of(ctx).url(ComputeApi.ROOT + "/images/" + i.imageId())))));
    m.put("flavor", flavor(ctx, i.flavor(), v));
    m.put("created", time(i.createdAt()));
    m.put("updated", time(i.updatedAt()));
    m.put("addresses", addresses(i, lookups));
    m.put("accessIPv4", "");
    m.put("accessIPv6", "");
    m.put("links", links(ctx, "servers", i.uuid()));
    m.put("OS-DCF:diskConfig", "MANUAL");
    if (i.vmState() == VmState.BUILDING || i.vmState() == VmState.ACTIVE) m.put("progress", 0);
    m.put("OS-EXT-AZ:availability_zone", i.host() == null ? "" : "nova");
    m.put("config_drive", "");
    m.put("key_name", null);
    m.put("OS-SRV-USG:launched_at", i.launchedAt() == null ? null : time(i.launchedAt()).replace("Z", ".000000"));
    m.put("OS-SRV-USG:terminated_at", null);
    m.put("security_groups", List.of(Map.of("name", "default")));
    m.put("os-extended-volumes:volumes_attached", List.of());
    m.put("OS-EXT-STS:task_state", i.taskState() == null ? null : i.taskState().name().toLowerCase(java.util.Locale.ROOT));
    m.put("OS-EXT-STS:vm_state", i.vmState().apiName());
    m.put("OS-EXT-STS:power_state", powerState(i.vmState()));
    if (admin) {
      m.put("OS-EXT-SRV-ATTR:host", i.host());
      m.put("OS-EXT-SRV-ATTR:hypervisor_hostname", i.host());
      m.put("OS-EXT-SRV-ATTR:instance_name", i.domainName());
      if (v.isAtLeast(2, 3)) {
        m.put("OS-EXT-SRV-ATTR:reservation_id", "r-" + i.uuid().substring(0, 8));
        m.put("OS-EXT-SRV-ATTR:launch_index", 0);
        m.put("OS-EXT-SRV-ATTR:hostname", i.name());
        m.put("OS-EXT-SRV-ATTR:kernel_id", "");
        m.put("OS-EXT-SRV-ATTR:ramdisk_id", "");
        m.put("OS-EXT-SRV-ATTR:root_device_name", "/dev/vda");
        m.put("OS-EXT-SRV-ATTR:user_data", null);
      }
    }
    if (v.isAtLeast(2, 9)) m.put("locked", false);
    if (v.isAtLeast(2, 16) && admin) {
      m.put("host_status", i.host() == null ? "" : hostUp.test(i.host()) ? "UP" : "DOWN");
    }
    if (v.isAtLeast(2, 19)) m.put("description", null);
    if (v.isAtLeast(2, 26)) m.put("tags", List.of());
    if (i.fault() != null && (i.vmState() == VmState.ERROR)) {
      Map<String, Object> fault = new LinkedHashMap<>();
      fault.put("code", i.fault().code());
      fault.put("created", time(i.fault().created()));
      fault.put("message", i.fault().message());
      // As Nova: a 500 fault's details (here, each host that refused the build and why) to administrators only.
      if (i.fault().details() != null && (admin || i.fault().code() != 500)) fault.put("details", i.fault().details());
      m.put("fault", fault);
    }
    return m;
  }

  private Map<String, Object> flavor(Context ctx, Flavor f, Microversion v) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (!v.isAtLeast(2, 47)) {
      m.put("id", f.id());
      m.put("links", List.of(Map.of("rel", "bookmark",
          "href", ServiceCatalog.of(ctx).url(ComputeApi.ROOT + "/flavors/" + f.id()))));
      return m;
    }
    m.put("vcpus", f.vcpus());
    m.put("ram", f.ramMb());
    m.put("disk", f.diskGb());
    m.put("ephemeral", f.ephemeralGb());
    m.put("swap", f.swapMb());
    m.put("original_name", f.name());
    m.put("extra_specs", f.extraSpecs());
    return m;
  }

  /** Fixed addresses by network name, as Nova's network info cache shows them. */
  private static Map<String, List<Map<String, Object>>> addresses(Instance i, Lookups lookups) {
    Map<String, List<Map<String, Object>>> byNetwork = new LinkedHashMap<>();
    for (String id : i.portIds()) {
      Port p = lookups.port().apply(id);
      if (p == null) continue;
      Network n = lookups.network().apply(p.networkId());
      List<Map<String, Object>> list = byNetwork.computeIfAbsent(n == null ? p.networkId() : n.name(), k -> new ArrayList<>());
      for (Port.FixedIp ip : p.fixedIps()) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("version", ip.ipAddress().contains(":") ? 6 : 4);
        a.put("addr", ip.ipAddress());
        a.put("OS-EXT-IPS:type", "fixed");
        a.put("OS-EXT-IPS-MAC:mac_addr", p.macAddress());
        list.add(a);
      }
    }
    return byNetwork;
  }

  /** Nova's power states: 0 no state, 1 running, 3 paused, 4 shut down, 7 suspended. */
  private static int powerState(VmState vm) {
    switch (vm) {
      case ACTIVE: case RESIZED: return 1;
      case PAUSED: return 3;
      case STOPPED: case SHELVED: case SHELVED_OFFLOADED: return 4;
      case SUSPENDED: return 7;
      default: return 0;
    }
  }

  /** Nova's hostId: a host's name hashed with the project's, so that tenants can tell co-location apart but not host names. */
  static String hostId(String projectId, String host) {
    try {
      MessageDigest sha224 = MessageDigest.getInstance("SHA-224");
      return HexFormat.of().formatHex(sha224.digest((projectId + host).getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK always has SHA-224", e);
    }
  }

  String selfLink(Context ctx, Instance i) {
    return ServiceCatalog.of(ctx).url(ComputeApi.V21 + "/servers/" + i.uuid());
  }

  private List<Map<String, String>> links(Context ctx, String collection, String id) {
    ServiceCatalog catalog = ServiceCatalog.of(ctx);
    return List.of(Map.of("rel", "self", "href", catalog.url(ComputeApi.V21 + "/" + collection + "/" + id)),
        Map.of("rel", "bookmark", "href", catalog.url(ComputeApi.ROOT + "/" + collection + "/" + id)));
  }

  static String time(Instant t) {
    return t.truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
