package org.vdpacompute.sysfs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.vdpacompute.core.InvalidValueException;
import org.vdpacompute.core.pci.PciAddress;
import org.vdpacompute.core.pci.VendorProduct;

/**
 * Reads {@link Sysfs} from a sysfs tree: {@code /sys} on a host, or a recorded tree of the same
 * layout (the kernel's {@code Documentation/ABI}: {@code bus/pci/devices/ADDR/} with {@code
 * vendor}, {@code device}, {@code sriov_totalvfs}, {@code sriov_numvfs}, {@code physfn}, {@code
 * virtfnN}, {@code vpd}, {@code iommu_group}, {@code driver}, {@code numa_node} and {@code net/};
 * {@code class/net/IF/} with {@code phys_switch_id} and {@code phys_port_name}; {@code
 * bus/vdpa/devices/}; {@code module/}; {@code kernel/iommu_groups/}).
 *
 * <p>An attribute that cannot be read counts as absent, as the kernel makes some unreadable on
 * purpose: mlx5 answers EOPNOTSUPP for {@code phys_switch_id} while its eswitch is in legacy mode.
 */
public final class SysfsReader {

  /** The modules host-check asks about: the vDPA core, the bus driver guests need, and the usual parents. */
  public static final List<String> MODULES =
      List.of("vdpa", "vhost_vdpa", "virtio_vdpa", "mlx5_vdpa", "vp_vdpa", "ifcvf", "vfio_pci");

  /** The VPD's address space is 15 bits (PCI Local Bus 3.0, I.3.1): no card has more. */
  private static final long MAX_VPD_BYTES = 32 * 1024;

  private final Path root;

  private SysfsReader(Path root) {
    this.root = root;
  }

  /** @throws InvalidValueException if {@code root} is not a sysfs tree (no {@code bus/pci}) */
  public static Sysfs read(Path root) {
    if (!Files.isDirectory(root.resolve("bus"))) {
      throw new InvalidValueException(root + " is not a sysfs tree: it has no bus/ directory");
    }
    return new SysfsReader(root).read();
  }

  private Sysfs read() {
    Set<String> modules = new TreeSet<>();
    for (String m : MODULES) {
      if (Files.isDirectory(root.resolve("module").resolve(m))) {
        modules.add(m);
      }
    }
    return new Sysfs(modules, Files.isDirectory(root.resolve("bus/vdpa")), entries(root.resolve("kernel/iommu_groups")).size(),
        functions(), netdevs(), vdpaDevices());
  }

  private List<PciFunction> functions() {
    List<PciFunction> functions = new ArrayList<>();
    for (Path dir : entries(root.resolve("bus/pci/devices"))) {
      PciAddress address = address(dir.getFileName().toString());
      if (address == null) {
        continue;
      }
      VendorProduct ids = ids(dir);
      if (ids == null) {
        continue;
      }
      PciAddress physfn = address(link(dir.resolve("physfn")));
      functions.add(new PciFunction(
          address,
          ids,
          link(dir.resolve("driver")),
          numaNode(dir),
          integer(link(dir.resolve("iommu_group"))),
          entries(dir.resolve("net")).stream().map(p -> p.getFileName().toString()).sorted().toList(),
          integer(text(dir.resolve("sriov_totalvfs"))),
          integer(text(dir.resolve("sriov_numvfs"))),
          physfn,
          physfn == null ? null : vfIndex(physfn, address),
          vpdSerial(dir.resolve("vpd"))));
    }
    return functions;
  }

  /** The N of the PF's {@code virtfnN} that links to the VF. */
  private Integer vfIndex(PciAddress pf, PciAddress vf) {
    for (Path link : entries(root.resolve("bus/pci/devices").resolve(pf.toString()))) {
      String name = link.getFileName().toString();
      if (name.startsWith("virtfn") && vf.equals(address(link(link)))) {
        return integer(name.substring("virtfn".length()));
      }
    }
    return null;
  }

  private List<NetDevice> netdevs() {
    List<NetDevice> netdevs = new ArrayList<>();
    for (Path dir : entries(root.resolve("class/net"))) {
      netdevs.add(new NetDevice(dir.getFileName().toString(), address(link(dir.resolve("device"))),
          text(dir.resolve("phys_switch_id")), text(dir.resolve("phys_port_name"))));
    }
    return netdevs;
  }

  private List<VdpaBusDevice> vdpaDevices() {
    List<VdpaBusDevice> devices = new ArrayList<>();
    for (Path dir : entries(root.resolve("bus/vdpa/devices"))) {
      PciAddress parent = null;
      try {
        Path parentDir = dir.toRealPath().getParent();
        parent = parentDir == null ? null : address(parentDir.getFileName().toString());
      } catch (IOException e) {
        // a device removed while it was listed: no parent to name
      }
      String vhost = entries(dir).stream().map(p -> p.getFileName().toString())
          .filter(n -> n.startsWith("vhost-vdpa-")).sorted().findFirst().orElse(null);
      devices.add(new VdpaBusDevice(dir.getFileName().toString(), parent, link(dir.resolve("driver")), vhost));
    }
    return devices;
  }

  /**
   * The serial in a function's {@code vpd}. Reading it makes the kernel read the card's EEPROM, which
   * some cards answer with an I/O error; that, like a file too big to be VPD, counts as none.
   */
  private static String vpdSerial(Path vpd) {
    try {
      if (!Files.isRegularFile(vpd) || Files.size(vpd) > MAX_VPD_BYTES) {
        return null;
      }
      return PciVpd.serialNumber(Files.readAllBytes(vpd)).orElse(null);
    } catch (IOException e) {
      return null;
    }
  }

  private static VendorProduct ids(Path dir) {
    String vendor = text(dir.resolve("vendor"));
    String device = text(dir.resolve("device"));
    if (vendor == null || device == null) {
      return null;
    }
    try {
      return new VendorProduct(hex(vendor), hex(device));
    } catch (InvalidValueException e) {
      return null;
    }
  }

  private static String hex(String sysfsId) {
    return sysfsId.toLowerCase(Locale.ROOT).replaceFirst("^0x", "");
  }

  private static Integer numaNode(Path dir) {
    Integer node = integer(text(dir.resolve("numa_node")));
    return node == null || node < 0 ? null : node;
  }

  private static PciAddress address(String text) {
    if (text == null) {
      return null;
    }
    try {
      return PciAddress.parse(text);
    } catch (InvalidValueException e) {
      return null;
    }
  }

  private static Integer integer(String text) {
    if (text == null) {
      return null;
    }
    try {
      return Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** A symlink's target's last name ({@code driver} -> {@code mlx5_core}); null when it is not a link. */
  private static String link(Path path) {
    try {
      return Files.readSymbolicLink(path).getFileName().toString();
    } catch (IOException | UnsupportedOperationException e) {
      return null;
    }
  }

  private static String text(Path file) {
    try {
      String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
      return text.isEmpty() ? null : text;
    } catch (IOException e) {
      return null;
    }
  }

  private static List<Path> entries(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> list = Files.list(dir)) {
      return list.sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }
}
