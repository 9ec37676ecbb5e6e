package org.vdpacompute.core.pci.parity;

/**
 * What may explain a difference from Nova: one the contract sanctions (CONTRACT sections 2 and 5),
 * or a bug of Nova Zed's that we do not reproduce. Each explains a disagreement only when Nova,
 * asked again with that one difference applied, answers as we do, or when Nova's own answers show
 * the case (see {@code nova_oracle.py}).
 */
enum Explanation {
  /**
   * direct, macvtap, virtio-forwarder and remote-managed ports get VFs only; Nova also hands them a
   * whitelisted type-PCI device whose spec says remote_managed false. Shown by Nova asked with
   * {@code dev_type: type-VF} added to such ports' requests.
   */
  VF_PORTS_GET_VFS_ONLY,
  /**
   * trusted and remote_managed in a device_spec mean a boolean in any of oslo's spellings (JSON
   * booleans and numbers, yes/no, on/off...); Nova compares the text as written with the "True" or
   * "False" a port asks, so such devices never serve a port that asks. Shown by Nova asked with
   * those values written "true"/"false".
   */
  BOOLEAN_TAG_SPELLINGS,
  /**
   * One instance's requests are fitted together; Nova fits them one at a time in order and refuses
   * what another order fits. Shown by Nova fitting (or claiming) them in another order.
   */
  REQUESTS_FITTED_TOGETHER,
  /**
   * One instance never gets a PF and one of its VFs; Nova's scheduler passes such requests and its
   * claim then fails. Shown by Nova's scheduler saying yes and its claim, in every order, no.
   */
  PF_AND_ITS_VF_IN_ONE_INSTANCE,
  /**
   * Among pools with the same number of tags Nova takes the one it made first, and within a pool
   * the device it listed last; we take by address, and of PFs the one with the fewest available
   * children to lose. Shown by the pools both took having the same rank, or, for a request after
   * it in the same instance, by an earlier request having taken the same pools from other PFs.
   */
  TIES_BROKEN_ANOTHER_WAY,
  /**
   * Nova Zed refuses every remote_managed entry whose address is one PF's (a glob or a regex
   * object), its documented way of tagging that PF's VFs too: it looks the VFs' product up in
   * sysfs under the pattern object's text instead of the address, finds nothing and stops. We
   * accept the entry and check it against the host as Nova means to. Shown by Nova's refusal coming
   * from that lookup.
   */
  NOVA_BUG_REMOTE_MANAGED_PF_ADDRESS(Basis.NOVA_BUG),
  /**
   * For a guest with NUMA cells, Nova keeps the pools on the guest's nodes when they hold enough
   * devices, counting PFs, vDPA devices and remote-managed devices the request did not ask for and
   * drops only afterwards; the request then fails on what is left, though devices of no node (legacy,
   * preferred) would serve it. We count only the devices the request may have. Shown by Nova
   * answering yes with those dropped before its NUMA filter.
   */
  NOVA_BUG_NUMA_COUNTS_UNREQUESTED_DEVICES(Basis.NOVA_BUG);

  /** Why a difference is allowed. */
  enum Basis {
    /** The contract says so. */
    CONTRACT,
    /** Nova does not do what it means to; we do not copy the slip. */
    NOVA_BUG
  }

  private final Basis basis;

  Explanation() {
    this(Basis.CONTRACT);
  }

  Explanation(Basis basis) {
    this.basis = basis;
  }

  Basis basis() {
    return basis;
  }
}
