package org.vdpacompute.hostcheck;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vdpacompute.core.pci.VendorProduct;
import org.vdpacompute.sysfs.PciFunction;
import org.vdpacompute.sysfs.Sysfs;

/**
 * {@code [pci] device_spec} lines that whitelist the host's VFs: one per vendor and product, which
 * matches a vDPA device through its VF and a plain VF alike. No {@code physical_network} is given:
 * host-check cannot know it, and a port on a geneve or vxlan network (hardware-offloaded OVS with
 * OVN) needs none; for a VLAN or flat network the operator adds {@code "physical_network": NAME}.
 */
final class DeviceSpecSuggestion {
  private static final ObjectMapper JSON = new ObjectMapper();

  private DeviceSpecSuggestion() {}

  static List<String> lines(Sysfs sysfs) {
    Set<VendorProduct> ids = new LinkedHashSet<>();
    for (PciFunction pf : sysfs.pfs()) {
      for (PciFunction vf : sysfs.vfsOf(pf.address())) {
        ids.add(vf.ids());
      }
    }
    return ids.stream().map(DeviceSpecSuggestion::line).toList();
  }

  private static String line(VendorProduct ids) {
    Map<String, String> spec = new LinkedHashMap<>();
    spec.put("vendor_id", ids.vendorId());
    spec.put("product_id", ids.productId());
    try {
      return "device_spec = " + JSON.writeValueAsString(spec);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a map of strings could not be written as JSON", e);
    }
  }
}
