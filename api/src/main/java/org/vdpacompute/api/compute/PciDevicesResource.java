package org.vdpacompute.api.compute;

import io.javalin.Javalin;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vdpacompute.api.http.Access;
import org.vdpacompute.controller.placement.ComputeService;
import org.vdpacompute.controller.placement.ComputeServices;
import org.vdpacompute.controller.placement.HostInventory;
import org.vdpacompute.controller.policy.Action;
import org.vdpacompute.core.pci.PciDevice;

/**
 * {@code GET /os-pci-devices?host=NAME}, admin only: an extension of ours listing the devices a
 * host tracks, with type, status, parent, NUMA node, physical network, holder and vDPA path.
 */
public final class PciDevicesResource implements ComputeRoutes {
  private final ComputeServices services;
  private final HostInventory inventory;

  public PciDevicesResource(ComputeServices services, HostInventory inventory) {
    this.services = services;
    this.inventory = inventory;
  }

  @Override
  public void addRoutes(Javalin app) {
    app.get(ComputeApi.V21 + "/os-pci-devices", ctx -> {
      String host = ctx.queryParam("host");
      List<String> hosts = host != null ? List.of(services.service(host).host())
          : services.services().stream().map(ComputeService::host).toList();
      List<Map<String, Object>> devices = new ArrayList<>();
      for (String h : hosts) {
        for (PciDevice d : inventory.devices(h)) devices.add(render(h, d));
      }
      ctx.json(Map.of("pci_devices", devices));
    }, Access.to(Action.PCI_DEVICES));
  }

  static Map<String, Object> render(String host, PciDevice d) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("address", d.address().toString());
    m.put("vendor_id", d.report().ids().vendorId());
    m.put("product_id", d.report().ids().productId());
    m.put("dev_type", d.type().apiName());
    m.put("status", d.status().apiName());
    m.put("parent_addr", d.parentAddress() == null ? null : d.parentAddress().toString());
    m.put("numa_node", d.report().numaNode());
    m.put("physical_network", d.physicalNetwork());
    m.put("instance_uuid", d.instanceUuid());
    m.put("vdpa_path", d.vdpa() == null ? null : d.vdpa().chardev());
    m.put("host", host);
    return m;
  }
}
