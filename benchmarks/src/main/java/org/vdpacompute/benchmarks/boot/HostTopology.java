package org.vdpacompute.benchmarks.boot;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.vdpacompute.core.pci.PciAddress;

/**
 * The emulated host of the boot benchmark, as a topology file (CONTRACT section 3): P PFs
 * (15b3:101d) of V VFs each (15b3:101e), every VF with a vDPA device, PF p on NUMA node p % 2, and
 * two NUMA nodes roomy enough that devices, not vCPUs or memory, bound how many servers fit. The
 * addresses are those of the pci-scheduler benchmark's hosts.
 */
record HostTopology(int pfs, int vfsPerPf) {
  static final String PF_PRODUCT = "101d";
  static final String VF_PRODUCT = "101e";
  private static final String VENDOR = "15b3";
  private static final int CPUS_PER_NODE = 64;
  private static final int MEMORY_MB_PER_NODE = 512 * 1024;

  HostTopology {
    if (pfs < 1 || pfs > 64 || vfsPerPf < 1 || vfsPerPf > 256) {
      throw new IllegalArgumentException("a host has 1 to 64 PFs of 1 to 256 VFs, not " + pfs + " x " + vfsPerPf);
    }
  }

  int vdpaDevices() {
    return pfs * vfsPerPf;
  }

  /** Writes the topology file and returns it. */
  Path writeTo(Path file) throws IOException {
    ObjectMapper json = new ObjectMapper();
    ObjectNode root = json.createObjectNode();
    root.putObject("hypervisor").put("type", "kvm").put("libvirt_version", "6.9.0").put("qemu_version", "5.1.0")
        .put("kernel_version", "5.15.0");
    ArrayNode nodes = root.putArray("numa_nodes");
    for (int n = 0; n < 2; n++) {
      nodes.addObject().put("id", n).put("cpus", CPUS_PER_NODE).put("memory_mb", MEMORY_MB_PER_NODE);
    }
    ArrayNode devices = root.putArray("pci_devices");
    for (int p = 0; p < pfs; p++) {
      PciAddress pf = new PciAddress(0, 0x06 + p / 64, (p % 64) / 8, p % 8);
      device(devices, pf, "PF", PF_PRODUCT, p).put("ifname", "enp" + (6 + p / 64) + "s0f" + (p % 64));
      for (int v = 0; v < vfsPerPf; v++) {
        int n = p * vfsPerPf + v;
        device(devices, new PciAddress(0, 0x40 + p, v / 8, v % 8), "VF", VF_PRODUCT, p)
            .put("parent", pf.toString())
            .putObject("vdpa").put("name", "vdpa" + n).put("chardev", "/dev/vhost-vdpa-" + n);
      }
    }
    Files.writeString(file, json.writerWithDefaultPrettyPrinter().writeValueAsString(root));
    return file;
  }

  private static ObjectNode device(ArrayNode devices, PciAddress address, String type, String product, int pf) {
    return devices.addObject().put("address", address.toString()).put("type", type).put("vendor_id", VENDOR)
        .put("product_id", product).put("numa_node", pf % 2).put("driver", "mlx5_core");
  }

  /** The device_spec entries that whitelist both products on the physical network. */
  static String[] deviceSpec(String physnet) {
    return new String[] {spec(PF_PRODUCT, physnet), spec(VF_PRODUCT, physnet)};
  }

  private static String spec(String product, String physnet) {
    return "{\"vendor_id\": \"" + VENDOR + "\", \"product_id\": \"" + product + "\", \"physical_network\": \"" + physnet
        + "\"}";
  }
}
