package org.vdpacompute.hostcheck;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.vdpacompute.core.VdpaComputeException;
import org.vdpacompute.core.pci.spec.DeviceSpecList;
import org.vdpacompute.hostcheck.HostInputs.LibvirtReading;
import org.vdpacompute.hostcheck.HostInputs.MemlockReading;
import org.vdpacompute.sysfs.SysfsReader;
import org.vdpacompute.virt.HypervisorInfo;
import org.vdpacompute.virt.HypervisorVersion;
import org.vdpacompute.virt.libvirt.LibvirtDriver;

/**
 * Reads a host for host-check: sysfs, {@code /proc} (the kernel release; the locked-memory limit
 * of libvirt's daemon from its {@code limits}, readable by any user), {@code /dev} (the vhost-vdpa
 * nodes) and libvirt. Nothing here needs root, and nothing is changed.
 */
public final class HostReader {
  private static final List<String> LIBVIRT_DAEMONS = List.of("virtqemud", "libvirtd");

  private HostReader() {}

  /** @throws org.vdpacompute.core.InvalidValueException if {@code sys} is not a sysfs tree */
  public static HostInputs read(Path sys, Path proc, Path dev, String libvirtUri, DeviceSpecList deviceSpec) {
    return read(sys, proc, dev, libvirt(libvirtUri), deviceSpec);
  }

  /** As {@link #read(Path, Path, Path, String, DeviceSpecList)}, with what libvirt said already read. */
  public static HostInputs read(Path sys, Path proc, Path dev, LibvirtReading libvirt, DeviceSpecList deviceSpec) {
    return new HostInputs(sys.toString(), SysfsReader.read(sys), kernel(proc), libvirt, memlock(proc),
        devNodes(dev), deviceSpec);
  }

  private static HypervisorVersion kernel(Path proc) {
    try {
      return HypervisorVersion.parse(Files.readString(proc.resolve("sys/kernel/osrelease"), StandardCharsets.US_ASCII).trim());
    } catch (IOException | VdpaComputeException e) {
      return null;
    }
  }

  /** libvirt's and the hypervisor's versions at {@code uri}, or why they cannot be read. */
  public static LibvirtReading libvirt(String uri) {
    try (LibvirtDriver driver = LibvirtDriver.open(uri)) {
      HypervisorInfo info = driver.driver().facts().hypervisor();
      return new LibvirtReading(uri, info.type(), info.libvirtVersion(), info.qemuVersion(), null);
    } catch (VdpaComputeException e) {
      return new LibvirtReading(uri, null, null, null, e.getMessage());
    }
  }

  /** The first libvirt daemon process's limit, found by {@code /proc/PID/comm}. */
  private static MemlockReading memlock(Path proc) {
    for (Path pid : list(proc)) {
      String name = pid.getFileName().toString();
      if (!name.chars().allMatch(Character::isDigit)) {
        continue;
      }
      try {
        String comm = Files.readString(pid.resolve("comm"), StandardCharsets.UTF_8).trim();
        if (!LIBVIRT_DAEMONS.contains(comm)) {
          continue;
        }
        for (String line : Files.readAllLines(pid.resolve("limits"), StandardCharsets.UTF_8)) {
          if (line.startsWith("Max locked memory")) {
            String[] cols = line.substring("Max locked memory".length()).trim().split("\\s+");
            return new MemlockReading(comm, Integer.parseInt(name), cols[0], cols[1]);
          }
        }
      } catch (IOException | RuntimeException e) {
        // a process that ended while it was read, or one not ours to read: look further
      }
    }
    return null;
  }

  private static Set<String> devNodes(Path dev) {
    Set<String> nodes = new TreeSet<>();
    for (Path p : list(dev)) {
      String name = p.getFileName().toString();
      if (name.startsWith("vhost-vdpa-")) {
        nodes.add(name);
      }
    }
    return nodes;
  }

  private static List<Path> list(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.sorted().toList();
    } catch (IOException e) {
      return List.of();
    }
  }
}
