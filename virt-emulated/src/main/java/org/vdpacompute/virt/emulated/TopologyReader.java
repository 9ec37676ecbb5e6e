package org.vdpacompute.virt.emulated;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.vdpacompute.core.InvalidValueException;
import org.vdpacompute.core.pci.DevType;
import org.vdpacompute.core.pci.PciAddress;
import org.vdpacompute.core.pci.VdpaDevice;
import org.vdpacompute.core.pci.VendorProduct;
import org.vdpacompute.virt.HypervisorInfo;
import org.vdpacompute.virt.HypervisorVersion;
import org.vdpacompute.virt.NumaCell;

/**
 * Reads a topology file (CONTRACT section 3). The file is checked whole before a host is built
 * from it: an unknown key, a missing field, a malformed value, a duplicate address, a VF whose
 * parent is not a PF of the file, or a NUMA node that is not declared is refused with the file, the
 * JSON path and the reason. A typo must not quietly give a host fewer devices.
 */
public final class TopologyReader {

  /** The reference host of CONTRACT section 3: one PF and four VFs with vDPA devices. */
  public static final String REFERENCE_RESOURCE = "reference-topology.json";

  private static final Set<String> TOP_KEYS = Set.of("hypervisor", "numa_nodes", "pci_devices", "service_version");
  private static final Set<String> HYPERVISOR_KEYS =
      Set.of("type", "libvirt_version", "qemu_version", "kernel_version");
  private static final Set<String> NUMA_KEYS = Set.of("id", "cpus", "memory_mb");
  private static final Set<String> DEVICE_KEYS = Set.of(
      "address", "type", "parent", "vendor_id", "product_id", "numa_node", "driver", "ifname", "vdpa", "representor",
      "vpd");
  private static final Set<String> VDPA_KEYS = Set.of("name", "chardev");
  private static final Set<String> VPD_KEYS = Set.of("serial");

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private TopologyReader() {}

  public static Topology read(Path file) {
    try {
      return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    } catch (IOException e) {
      throw new TopologyException(file.toString(), "$", "cannot be read: " + e, e);
    }
  }

  /** The built-in reference topology. */
  public static Topology reference() {
    try (InputStream in = TopologyReader.class.getResourceAsStream(REFERENCE_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("resource " + REFERENCE_RESOURCE + " is missing from the build");
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "built-in reference topology");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Parses a topology document.
   *
   * @param source where the text came from, for messages
   */
  public static Topology parse(String json, String source) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new TopologyException(source, "$", "not valid JSON: " + e.getOriginalMessage()
          + " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")", e);
    }
    if (root == null || root.isMissingNode()) {
      throw new TopologyException(source, "$", "the file is empty");
    }
    JsonFields top = new JsonFields(source, "$", root).allowOnly(TOP_KEYS);
    HypervisorInfo hypervisor = hypervisor(top.object("hypervisor"));
    List<NumaCell> nodes = numaNodes(top);
    List<TopologyDevice> devices = devices(top, nodes);
    Integer serviceVersion = top.optionalInteger("service_version");
    if (serviceVersion != null && serviceVersion < 1) {
      throw top.failAt("service_version", "must be 1 or more, not " + serviceVersion);
    }
    return new Topology(hypervisor, nodes, devices, serviceVersion);
  }

  private static HypervisorInfo hypervisor(JsonFields h) {
    h.allowOnly(HYPERVISOR_KEYS);
    String type = h.text("type");
    HypervisorVersion libvirt = h.parsed("libvirt_version", HypervisorVersion::parse);
    HypervisorVersion qemu = h.parsed("qemu_version", HypervisorVersion::parse);
    HypervisorVersion kernel = h.parsed("kernel_version", HypervisorVersion::parse);
    return checked(h, () -> new HypervisorInfo(type, libvirt, qemu, kernel));
  }

  private static List<NumaCell> numaNodes(JsonFields top) {
    List<NumaCell> nodes = new ArrayList<>();
    Set<Integer> ids = new HashSet<>();
    for (JsonFields n : top.objects("numa_nodes")) {
      n.allowOnly(NUMA_KEYS);
      int id = n.integer("id");
      int cpus = n.integer("cpus");
      long memory = n.longInteger("memory_mb");
      if (!ids.add(id)) {
        throw n.failAt("id", "NUMA node " + id + " is declared twice");
      }
      nodes.add(checked(n, () -> new NumaCell(id, cpus, memory)));
    }
    if (nodes.isEmpty()) {
      throw top.failAt("numa_nodes", "a host needs at least one NUMA node");
    }
    nodes.sort(Comparator.comparingInt(NumaCell::id));
    return nodes;
  }

  private static List<TopologyDevice> devices(JsonFields top, List<NumaCell> nodes) {
    Set<Integer> nodeIds = new HashSet<>();
    nodes.forEach(n -> nodeIds.add(n.id()));
    Map<PciAddress, TopologyDevice> byAddress = new HashMap<>();
    Map<PciAddress, JsonFields> where = new HashMap<>();
    Set<String> vdpaNames = new HashSet<>();
    Set<String> chardevs = new HashSet<>();
    for (JsonFields d : top.objects("pci_devices")) {
      TopologyDevice device = device(d, nodeIds);
      if (byAddress.putIfAbsent(device.address(), device) != null) {
        throw d.failAt("address", "address " + device.address() + " is listed twice");
      }
      where.put(device.address(), d);
      if (device.vdpa() != null) {
        if (!vdpaNames.add(device.vdpa().name())) {
          throw d.failAt("vdpa", "vDPA device name " + device.vdpa().name() + " is used twice");
        }
        if (!chardevs.add(device.vdpa().chardev())) {
          throw d.failAt("vdpa", "vDPA chardev " + device.vdpa().chardev() + " is used twice");
        }
      }
    }
    // Parents are checked once every device is known, so a file may list a VF before its PF.
    for (TopologyDevice device : byAddress.values()) {
      if (device.type() == DevType.VF) {
        TopologyDevice parent = byAddress.get(device.parent());
        if (parent == null || parent.type() != DevType.PF) {
          throw where.get(device.address()).failAt("parent", "VF " + device.address() + " names parent "
              + device.parent() + ", which is not a PF of this host"
              + (parent == null ? "" : " (it is a " + parent.type() + ")"));
        }
      }
    }
    List<TopologyDevice> devices = new ArrayList<>(byAddress.values());
    devices.sort(Comparator.comparing(TopologyDevice::address));
    return devices;
  }

  private static TopologyDevice device(JsonFields d, Set<Integer> nodeIds) {
    d.allowOnly(DEVICE_KEYS);
    PciAddress address = d.parsed("address", PciAddress::parse);
    DevType type = d.parsed("type", TopologyReader::hardwareType);
    VendorProduct ids = checked(d, () -> new VendorProduct(
        d.parsed("vendor_id", t -> VendorProduct.checkId("vendor_id", t)),
        d.parsed("product_id", t -> VendorProduct.checkId("product_id", t))));
    PciAddress parent = d.optionalParsed("parent", PciAddress::parse);
    if (type == DevType.VF && parent == null) {
      throw d.failAt("parent", "missing required key 'parent': a VF names its PF");
    }
    if (type != DevType.VF && parent != null) {
      throw d.failAt("parent", "only a VF has a parent, and " + address + " is a " + type.name());
    }
    Integer numaNode = d.optionalInteger("numa_node");
    if (numaNode != null && numaNode < 0) {
      numaNode = null; // sysfs says -1 when the platform does not know
    } else if (numaNode != null && !nodeIds.contains(numaNode)) {
      throw d.failAt("numa_node", "NUMA node " + numaNode + " is not among the host's numa_nodes " + nodeIds);
    }
    VdpaDevice vdpa = null;
    JsonFields v = d.optionalObject("vdpa");
    if (v != null) {
      if (type != DevType.VF) {
        throw d.failAt("vdpa", "only a VF can have a vDPA device, and " + address + " is a " + type.name());
      }
      v.allowOnly(VDPA_KEYS);
      String name = v.text("name");
      String chardev = v.text("chardev");
      vdpa = checked(v, () -> new VdpaDevice(name, chardev));
    }
    String representor = d.optionalText("representor");
    if (representor != null && type != DevType.VF) {
      throw d.failAt("representor", "only a VF has a port representor, and " + address + " is a " + type.name());
    }
    String vpdSerial = null;
    JsonFields vpd = d.optionalObject("vpd");
    if (vpd != null) {
      if (type != DevType.PF) {
        throw d.failAt("vpd", "only a PF describes its card's VPD, and " + address + " is a " + type.name());
      }
      vpd.allowOnly(VPD_KEYS);
      vpdSerial = vpd.optionalText("serial");
    }
    return new TopologyDevice(address, type, parent, ids, numaNode, d.optionalText("driver"),
        d.optionalText("ifname"), vdpa, representor, vpdSerial);
  }

  private static DevType hardwareType(String text) {
    return switch (text) {
      case "PCI" -> DevType.PCI;
      case "PF" -> DevType.PF;
      case "VF" -> DevType.VF;
      default -> throw new InvalidValueException("type '" + text + "' is not PCI, PF or VF");
    };
  }

  /** Builds a value, turning a core refusal into one that names the place in the file. */
  private static <T> T checked(JsonFields at, Supplier<T> build) {
    try {
      return build.get();
    } catch (TopologyException e) {
      throw e;
    } catch (InvalidValueException e) {
      throw at.fail(e.getMessage());
    }
  }
}
