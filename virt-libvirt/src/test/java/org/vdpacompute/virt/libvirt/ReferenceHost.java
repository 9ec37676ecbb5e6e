package org.vdpacompute.virt.libvirt;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.vdpacompute.core.pci.DevType;
import org.vdpacompute.core.pci.DeviceReport;
import org.vdpacompute.core.pci.PciAddress;
import org.vdpacompute.core.pci.VdpaDevice;
import org.vdpacompute.core.pci.VendorProduct;

/**
 * The reference host of the contract (section 3) as libvirt describes it: node device XML files,
 * one per device, under {@code nodedev/reference-host}, and the report they must give.
 */
final class ReferenceHost {

  static final PciAddress PF = PciAddress.parse("0000:06:00.0");
  static final VendorProduct PF_IDS = new VendorProduct("15b3", "101d");
  static final VendorProduct VF_IDS = new VendorProduct("15b3", "101e");
  static final String DRIVER = "mlx5_core";

  private ReferenceHost() {}

  /** Every node device file, sorted by name. */
  static List<Path> files() {
    return files("reference-host");
  }

  /** Every node device file of a fixture directory under {@code nodedev}, sorted by name. */
  static List<Path> files(String fixture) {
    try {
      Path dir = Path.of(ReferenceHost.class.getResource("/nodedev/" + fixture).toURI());
      try (Stream<Path> files = Files.list(dir)) {
        return files.filter(f -> f.toString().endsWith(".xml")).sorted().toList();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The XML of the files whose name starts with one of {@code prefixes} (all when none given). */
  static List<String> xml(String... prefixes) {
    return files().stream()
        .filter(f -> prefixes.length == 0
            || Stream.of(prefixes).anyMatch(p -> f.getFileName().toString().startsWith(p)))
        .map(ReferenceHost::read)
        .toList();
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * What a host that can drive vDPA reports: the PF with its interface, then VF n (1..4) as a vDPA
   * device vdpa(n-1) at /dev/vhost-vdpa-(n-1).
   */
  static List<DeviceReport> vdpaReport() {
    return Stream.concat(Stream.of(pf(DRIVER)), IntStream.rangeClosed(1, 4).mapToObj(n -> vdpa(n)))
        .toList();
  }

  /** What a host too old for vDPA reports from the same node devices: the PF and four plain VFs. */
  static List<DeviceReport> plainVfReport(String driver) {
    return Stream.concat(Stream.of(pf(driver)), IntStream.rangeClosed(1, 4).mapToObj(n -> vf(n, driver)))
        .toList();
  }

  static PciAddress address(int function) {
    return new PciAddress(0, 6, 0, function);
  }

  static DeviceReport pf(String driver) {
    return new DeviceReport(PF, PF_IDS, DevType.PF, null, 0, driver, "enp6s0f0", null, null);
  }

  static DeviceReport vf(int n, String driver) {
    return new DeviceReport(address(n), VF_IDS, DevType.VF, PF, 0, driver, null, null, null);
  }

  static DeviceReport vdpa(int n) {
    VdpaDevice device = new VdpaDevice("vdpa" + (n - 1), "/dev/vhost-vdpa-" + (n - 1));
    return new DeviceReport(address(n), VF_IDS, DevType.VDPA, PF, 0, DRIVER, null, device, null);
  }
}
