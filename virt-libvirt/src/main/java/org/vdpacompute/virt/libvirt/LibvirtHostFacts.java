package org.vdpacompute.virt.libvirt;

import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.libvirt.Connect;
import org.libvirt.LibvirtException;
import org.libvirt.NodeInfo;
import org.vdpacompute.virt.HostFacts;
import org.vdpacompute.virt.HypervisorInfo;
import org.vdpacompute.virt.HypervisorVersion;
import org.vdpacompute.virt.NumaCell;

/**
 * What libvirt says about its host. Versions are read on every call rather than cached: libvirt or
 * QEMU may be upgraded under a running agent, and the vDPA gate must follow.
 */
final class LibvirtHostFacts implements HostFacts {

  private final LibvirtConnection conn;
  private final Supplier<HypervisorVersion> kernelVersion;

  LibvirtHostFacts(LibvirtConnection conn, Supplier<HypervisorVersion> kernelVersion) {
    this.conn = conn;
    this.kernelVersion = kernelVersion;
  }

  /**
   * The kernel version source for a connection: this machine's when libvirt is local. libvirt has
   * no call that reports its host's kernel, so a remote host's cannot be known, and guessing would
   * open or close the vDPA gate on a wrong number.
   */
  static Supplier<HypervisorVersion> kernelOf(String hostname, String uri) {
    if (LibvirtConnection.isLocal(uri)) {
      return KernelRelease::ofThisMachine;
    }
    return () -> {
      throw new HostQueryException(hostname, uri, "the kernel version",
          "libvirt does not report its host's kernel; run the compute agent on the hypervisor host "
              + "with a local URI such as qemu:///system", null);
    };
  }

  @Override
  public String hostname() {
    return conn.hostname();
  }

  @Override
  public HypervisorInfo hypervisor() {
    Connect c = conn.connect();
    try {
      String type = type(c.getType(), c.getCapabilities());
      return new HypervisorInfo(
          type,
          HypervisorVersion.fromPacked(c.getLibVersion()),
          HypervisorVersion.fromPacked(c.getVersion()),
          kernelVersion.get());
    } catch (LibvirtException e) {
      throw conn.queryFailed("the hypervisor type and versions", e);
    }
  }

  /**
   * libvirt's driver name in lower case ({@code qemu}, {@code test}), except that a QEMU host able
   * to run KVM guests is a {@code kvm} hypervisor, as operators name it.
   */
  static String type(String driverType, String capabilitiesXml) {
    String type = driverType.toLowerCase(Locale.ROOT);
    if (type.equals("qemu") && CapabilitiesParser.offersDomainType(capabilitiesXml, "kvm")) {
      return "kvm";
    }
    return type;
  }

  @Override
  public List<NumaCell> numaCells() {
    Connect c = conn.connect();
    try {
      List<NumaCell> cells = CapabilitiesParser.numaCells(c.getCapabilities());
      if (!cells.isEmpty()) {
        return cells;
      }
      // A host without NUMA topology in its capabilities is one node holding everything.
      NodeInfo node = c.nodeInfo();
      return List.of(new NumaCell(0, node.cpus, node.memory / 1024));
    } catch (LibvirtException e) {
      throw conn.queryFailed("the host's NUMA topology", e);
    }
  }
}
