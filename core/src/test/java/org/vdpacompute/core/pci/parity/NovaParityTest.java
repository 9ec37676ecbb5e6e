package org.vdpacompute.core.pci.parity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The differential test against Nova Zed's own PCI code (Debian's python3-nova): random hosts,
 * device specs and requests, the same questions asked of Nova's classes and of ours, and every
 * difference either none, one the contract sanctions, or a bug of Nova's we do not copy (see
 * {@code docs/nova-parity.md} and {@link Explanation}).
 *
 * <p>CI runs a fixed seed; a longer run takes {@code -Dparity.cases=N -Dparity.seed=S}.
 */
class NovaParityTest {
  private static final long SEED = Long.getLong("parity.seed", 21L);
  private static final int CASES = Integer.getInteger("parity.cases", 300);

  @Test
  void everyAnswerAgreesWithNovasOrDiffersOnlyAsTheContractSanctions() throws Exception {
    // Kept in the build directory: the cases and Nova's answers are the evidence of a failure.
    Path dir = Files.createDirectories(Path.of("target", "nova-parity"));
    List<ParityCase> cases = new CaseGenerator(SEED).cases(CASES);
    Map<Integer, JsonNode> answers = NovaOracle.answer(cases, dir);
    List<Verdict> verdicts = cases.stream().map(c -> Verdict.of(c, answers.get(c.id()))).toList();

    Map<Explanation, Long> byReason = new EnumMap<>(Explanation.class);
    for (Explanation e : Explanation.values()) {
      byReason.put(e, verdicts.stream().filter(v -> v.reasons().contains(e)).count());
    }
    long agreements = verdicts.stream().filter(Verdict::agrees).count();
    List<Verdict> unexplained = verdicts.stream().filter(Verdict::isUnexplained).toList();
    long boots = cases.stream().flatMap(c -> c.steps().stream()).filter(ParityCase.Step::isBoot).count();
    long claims = answers.values().stream()
        .flatMap(a -> a.path("modes").path("plain").path("steps").findValues("claimed").stream())
        .filter(JsonNode::asBoolean).count();
    long refusedSpecs = answers.values().stream()
        .filter(a -> a.path("modes").path("plain").path("config").asText().equals("refused")).count();
    System.out.printf("Nova parity, seed %d: %d cases (%d boots, %d of them claimed by Nova; %d device specs"
        + " Nova refused): %d agree in every answer, %d differ only as explained, %d unexplained.%n"
        + "  contract-sanctioned: %s%n  Nova bugs not reproduced: %s%n",
        SEED, cases.size(), boots, claims, refusedSpecs, agreements,
        cases.size() - agreements - unexplained.size(), unexplained.size(),
        of(byReason, Explanation.Basis.CONTRACT), of(byReason, Explanation.Basis.NOVA_BUG));

    assertThat(unexplained.stream().map(NovaParityTest::describe).toList())
        .as("cases that differ from Nova without an explanation (all in %s)", dir.resolve("cases.jsonl"))
        .isEmpty();
    // The generator must reach what it tests: claims, refusals and agreement.
    assertThat(claims).as("boots Nova claimed").isGreaterThan(boots / 5);
    assertThat(agreements).as("cases in full agreement").isGreaterThan(cases.size() / 3);
  }

  private static Map<Explanation, Long> of(Map<Explanation, Long> byReason, Explanation.Basis basis) {
    Map<Explanation, Long> out = new EnumMap<>(Explanation.class);
    byReason.forEach((e, n) -> {
      if (e.basis() == basis) out.put(e, n);
    });
    return out;
  }

  private static String describe(Verdict v) {
    ParityCase c = v.parityCase();
    return "case " + c.id() + ": device_spec " + c.deviceSpec() + ", alias " + c.alias() + "\n    "
        + v.unexplained().stream().map(Finding::toString).collect(Collectors.joining("\n    "));
  }
}
