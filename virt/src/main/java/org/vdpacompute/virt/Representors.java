package org.vdpacompute.virt;

import java.util.Optional;
import org.vdpacompute.core.pci.PciAddress;

/**
 * Names the port representor of a VF: the netdev in its PF's switch through which the offloaded
 * switch sees the VF's traffic, and which the agent plugs into the integration bridge. A real host
 * finds it in sysfs; an emulated host names it from its topology.
 */
@FunctionalInterface
public interface Representors {

  /** The VF's representor netdev; empty when the VF has none (its PF is not in switchdev mode). */
  Optional<String> representorOf(PciAddress vf);
}
