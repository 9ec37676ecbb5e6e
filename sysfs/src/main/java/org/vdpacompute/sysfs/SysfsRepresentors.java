package org.vdpacompute.sysfs;

import java.nio.file.Path;
import java.util.Optional;
import org.vdpacompute.core.pci.PciAddress;
import org.vdpacompute.virt.Representors;

/**
 * A real host's representors, read from sysfs at each lookup: VFs and representors come and go
 * with {@code sriov_numvfs} and eswitch mode changes, so nothing is cached.
 */
public final class SysfsRepresentors implements Representors {
  private final Path root;

  public SysfsRepresentors(Path root) {
    this.root = root;
  }

  @Override
  public Optional<String> representorOf(PciAddress vf) {
    return SysfsReader.read(root).representorOf(vf);
  }
}
