package org.vdpacompute.hostcheck;

/** How one item of the host stands. */
public enum Verdict {
  OK("ok"),
  /** vDPA cannot work on this host until it is fixed: the host is not ready. */
  MISSING("missing"),
  /** Works, but not as the operator probably wants. */
  WARNING("warning"),
  /** Said for the record. */
  INFO("info");

  private final String label;

  Verdict(String label) {
    this.label = label;
  }

  public boolean blocksReadiness() {
    return this == MISSING;
  }

  public String label() {
    return label;
  }
}
