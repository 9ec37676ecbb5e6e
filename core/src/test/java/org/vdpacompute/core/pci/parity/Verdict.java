package org.vdpacompute.core.pci.parity;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * How one case came out: our answers all equal to Nova's, or different only as explained (see
 * {@link Explanation}), or different in a way nothing explains.
 *
 * <p>Nova answers each case as it is and, where a sanctioned difference could matter, again with
 * that difference applied (see {@code nova_oracle.py}): the first of those modes under which every
 * remaining difference is explained gives the explanations of the case.
 *
 * @param reasons what explains the case's differences; empty when it agrees
 * @param unexplained what differs without an explanation, under each mode Nova answered in
 */
record Verdict(ParityCase parityCase, Set<Explanation> reasons, List<Finding> unexplained) {

  /** Modes of the oracle, in the order tried, and what each applies. */
  private static final String[] MODES = {"plain", "vf_only", "bool_tags", "both"};

  static Verdict of(ParityCase c, JsonNode answer) {
    if (answer.has("oracle_error")) {
      return new Verdict(c, Set.of(), List.of(Finding.of(Finding.Aspect.CONFIG, -1,
          "the oracle failed: " + answer.get("oracle_error").asText())));
    }
    JsonNode modes = answer.get("modes");
    List<Finding> plain = OurReplay.compare(c, modes.get("plain"));
    for (String mode : MODES) {
      if (!modes.has(mode)) continue;
      List<Finding> findings = mode.equals("plain") ? plain : OurReplay.compare(c, modes.get(mode));
      if (findings.stream().allMatch(Finding::isExplained)) {
        Set<Explanation> reasons = EnumSet.noneOf(Explanation.class);
        if (mode.equals("vf_only") || mode.equals("both")) reasons.add(Explanation.VF_PORTS_GET_VFS_ONLY);
        if (mode.equals("bool_tags") || mode.equals("both")) reasons.add(Explanation.BOOLEAN_TAG_SPELLINGS);
        findings.forEach(f -> reasons.add(f.explainedBy()));
        return new Verdict(c, reasons, List.of());
      }
    }
    List<Finding> unexplained = new java.util.ArrayList<>();
    for (String mode : MODES) {
      if (!modes.has(mode)) continue;
      List<Finding> findings = mode.equals("plain") ? plain : OurReplay.compare(c, modes.get(mode));
      findings.stream().filter(f -> !f.isExplained()).forEach(f -> unexplained.add(f.inMode(mode)));
    }
    return new Verdict(c, Set.of(), unexplained);
  }

  boolean agrees() {
    return reasons.isEmpty() && unexplained.isEmpty();
  }

  boolean isUnexplained() {
    return !unexplained.isEmpty();
  }
}
