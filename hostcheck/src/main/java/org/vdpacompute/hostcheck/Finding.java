package org.vdpacompute.hostcheck;

import java.util.Objects;

/**
 * One item of the report.
 *
 * @param item what was checked ({@code PF 0000:06:00.0 eswitch})
 * @param detail what was found
 * @param fix what to do about it; null when nothing is to be done
 */
public record Finding(String item, Verdict verdict, String detail, String fix) {
  public Finding {
    Objects.requireNonNull(item, "item");
    Objects.requireNonNull(verdict, "verdict");
    Objects.requireNonNull(detail, "detail");
    if (verdict.blocksReadiness() && fix == null) {
      throw new IllegalArgumentException("a missing item needs a fix: " + item);
    }
  }

  static Finding ok(String item, String detail) {
    return new Finding(item, Verdict.OK, detail, null);
  }

  static Finding missing(String item, String detail, String fix) {
    return new Finding(item, Verdict.MISSING, detail, fix);
  }
}
