package org.vdpacompute.virt.libvirt;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.vdpacompute.virt.HypervisorVersion;

/**
 * The release of the kernel this program runs on, what {@code uname -r} prints. libvirt does not
 * report the host kernel, so this is read locally, which is right when libvirt runs on the same
 * machine as the compute agent.
 */
final class KernelRelease {

  static final Path OSRELEASE = Path.of("/proc/sys/kernel/osrelease");

  private KernelRelease() {}

  static HypervisorVersion ofThisMachine() {
    return HypervisorVersion.parse(text());
  }

  private static String text() {
    try {
      return Files.readString(OSRELEASE, StandardCharsets.US_ASCII).trim();
    } catch (IOException e) {
      // Without /proc (a container without it, another OS) the JVM's os.version is the same
      // uname release on Linux.
      return System.getProperty("os.version");
    }
  }
}
