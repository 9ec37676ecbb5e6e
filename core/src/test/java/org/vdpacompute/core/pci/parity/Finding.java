package org.vdpacompute.core.pci.parity;

/**
 * One way our answer to a case differed from Nova's.
 *
 * @param step the step it differed at, or -1 for the host (spec, whitelist, pools)
 * @param explainedBy what explains it, or null when nothing does
 */
record Finding(Aspect aspect, int step, String detail, Explanation explainedBy) {

  /** What differed. */
  enum Aspect {
    /** One side accepted the device_spec, the other refused it. */
    CONFIG,
    /** The devices whitelisted. */
    WHITELIST,
    /** The pools and their counts. */
    POOLS,
    /** Whether the scheduler passes the host. */
    FITS,
    /** Whether the claim succeeds. */
    CLAIM,
    /** Which pools the claim takes from. */
    POOL_CHOICE,
    /** Device status counts after a claim, an allocation or a free. */
    COUNTS,
    /** We could not take the devices Nova took. */
    SYNC
  }

  static Finding of(Aspect aspect, int step, String detail) {
    return new Finding(aspect, step, detail, null);
  }

  Finding explainedBy(Explanation reason) {
    return new Finding(aspect, step, detail, reason);
  }

  /** The same finding, saying which of the oracle's modes it was found in. */
  Finding inMode(String mode) {
    return new Finding(aspect, step, "[" + mode + "] " + detail, explainedBy);
  }

  boolean isExplained() {
    return explainedBy != null;
  }

  @Override
  public String toString() {
    return aspect + (step >= 0 ? " at step " + step : "") + ": " + detail
        + (explainedBy != null ? " (" + explainedBy + ")" : "");
  }
}
