package org.vdpacompute.api.network;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vdpacompute.controller.network.Network;
import org.vdpacompute.controller.network.Port;
import org.vdpacompute.controller.network.Subnet;

/** Networks, subnets and ports as Neutron v2.0 renders them. */
final class NetworkViews {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

  private NetworkViews() {}

  static Map<String, Object> network(Network n, List<Subnet> subnets) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", n.id());
    m.put("name", n.name());
    m.put("tenant_id", n.projectId());
    m.put("project_id", n.projectId());
    m.put("status", "ACTIVE");
    m.put("admin_state_up", n.adminStateUp());
    m.put("shared", n.shared());
    m.put("subnets", subnets.stream().map(Subnet::id).toList());
    m.put("mtu", n.mtu());
    m.put("provider:network_type", n.networkType());
    m.put("provider:physical_network", n.physicalNetwork());
    m.put("provider:segmentation_id", n.segmentationId());
    m.put("router:external", false);
    m.put("port_security_enabled", true);
    m.put("description", "");
    m.put("tags", List.of());
    m.put("availability_zones", List.of());
    m.put("availability_zone_hints", List.of());
    m.put("ipv4_address_scope", null);
    m.put("ipv6_address_scope", null);
    m.put("is_default", false);
    m.put("created_at", time(n.createdAt()));
    m.put("updated_at", time(n.createdAt()));
    m.put("revision_number", 1);
    return m;
  }

  static Map<String, Object> subnet(Subnet s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", s.id());
    m.put("name", s.name());
    m.put("network_id", s.networkId());
    m.put("tenant_id", s.projectId());
    m.put("project_id", s.projectId());
    m.put("ip_version", s.ipVersion());
    m.put("cidr", s.cidr());
    m.put("gateway_ip", s.gatewayIp());
    List<Map<String, Object>> pools = new ArrayList<>();
    for (Subnet.AllocationPool p : s.allocationPools()) pools.add(Map.of("start", p.start(), "end", p.end()));
    m.put("allocation_pools", pools);
    m.put("enable_dhcp", s.enableDhcp());
    m.put("dns_nameservers", List.of());
    m.put("host_routes", List.of());
    m.put("ipv6_ra_mode", null);
    m.put("ipv6_address_mode", null);
    m.put("subnetpool_id", null);
    m.put("service_types", List.of());
    m.put("description", "");
    m.put("tags", List.of());
    m.put("created_at", time(s.createdAt()));
    m.put("updated_at", time(s.createdAt()));
    m.put("revision_number", 1);
    return m;
  }

  static Map<String, Object> port(Port p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", p.id());
    m.put("name", p.name());
    m.put("network_id", p.networkId());
    m.put("tenant_id", p.projectId());
    m.put("project_id", p.projectId());
    m.put("mac_address", p.macAddress());
    List<Map<String, Object>> ips = new ArrayList<>();
    for (Port.FixedIp ip : p.fixedIps()) ips.add(Map.of("subnet_id", ip.subnetId(), "ip_address", ip.ipAddress()));
    m.put("fixed_ips", ips);
    m.put("binding:vnic_type", p.vnicType().apiName());
    m.put("binding:host_id", p.bindingHostId() == null ? "" : p.bindingHostId());
    m.put("binding:profile", p.bindingProfile());
    m.put("binding:vif_type", p.bindingVifType());
    m.put("binding:vif_details", Map.of());
    m.put("device_id", p.deviceId());
    m.put("device_owner", p.deviceOwner());
    m.put("status", p.status());
    m.put("admin_state_up", p.adminStateUp());
    m.put("port_security_enabled", true);
    m.put("security_groups", List.of());
    m.put("allowed_address_pairs", List.of());
    m.put("extra_dhcp_opts", List.of());
    m.put("description", "");
    m.put("tags", List.of());
    m.put("created_at", time(p.createdAt()));
    m.put("updated_at", time(p.updatedAt()));
    m.put("revision_number", p.revisionNumber());
    return m;
  }

  private static String time(Instant t) {
    return TIME.format(t.truncatedTo(ChronoUnit.SECONDS));
  }
}
