package org.vdpacompute.core.pci.parity;

import java.util.List;

/**
 * One question put to Nova and to us: a host, its {@code [pci] device_spec} and {@code alias}, and
 * what happens there. Serialised as one JSON line for the oracle script.
 *
 * @param deviceSpec the {@code device_spec} values, each a JSON text as configured
 * @param alias the {@code alias} values
 */
record ParityCase(
    int id,
    List<String> deviceSpec,
    List<String> alias,
    List<NumaNode> numaNodes,
    List<Device> devices,
    List<Step> steps) {

  /** A host NUMA node and its socket. */
  record NumaNode(int id, int socket) {}

  /**
   * A PCI device as the host reports it.
   *
   * @param devType {@code type-PCI}, {@code type-PF}, {@code type-VF} or {@code vdpa}
   * @param parentIfname the interface of a child's PF, when it has one
   * @param vfProductId for a PF, the product its VFs are (sysfs {@code sriov_vf_device})
   * @param cardSerial the card's VPD serial number, or null
   */
  record Device(
      String address,
      String vendorId,
      String productId,
      String devType,
      String parentAddr,
      Integer numaNode,
      String ifname,
      String parentIfname,
      String vfProductId,
      String cardSerial) {}

  /**
   * A boot (ports and flavor aliases of one instance, claimed together and allocated) or the free
   * of an instance.
   *
   * @param aliases the flavor's {@code pci_passthrough:alias}, or null
   * @param numaCells the host NUMA nodes the guest's cells are on, or null for a guest without NUMA
   * @param flavorPolicy the flavor's {@code hw:pci_numa_affinity_policy}, or null
   */
  record Step(String op, String instance, List<Port> ports, String aliases, List<Integer> numaCells,
      String flavorPolicy) {
    static Step free(String instance) {
      return new Step("free", instance, List.of(), null, null, null);
    }

    boolean isBoot() {
      return op.equals("boot");
    }
  }

  /**
   * A port of a boot.
   *
   * @param physnet its network's physical network, or null for a tunnelled network
   * @param trusted its binding:profile's {@code trusted} as JSON (a string, boolean or number), or
   *     null when it says nothing
   */
  record Port(String vnic, String physnet, Object trusted) {}
}
