package org.vdpacompute.core.pci.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vdpacompute.core.pci.PciAddress;

class RegexAddressTest {
  private static final PciAddress DEVICE = PciAddress.parse("0000:0a:00.5");

  private static RegexAddress regex(String domain, String bus, String slot, String function) {
    return RegexAddress.parse(
        Map.of("domain", domain, "bus", bus, "slot", slot, "function", function));
  }

  @Test
  void matchesWhenEveryExpressionMatchesItsField() {
    assertThat(regex(".*", "0a", "00", "[5-6]").matches(DEVICE)).isTrue();
    assertThat(regex(".*", "0a", ".*", "[4-5]").matches(DEVICE)).isTrue();
    assertThat(regex(".*", "0a", "[0-3]", ".*").matches(DEVICE)).isTrue();
  }

  @Test
  void doesNotMatchWhenOneExpressionFails() {
    PciAddress other = PciAddress.parse("0000:0b:00.5");
    assertThat(regex(".*", "0a", "00", "[5-6]").matches(other)).isFalse();
    assertThat(regex(".*", "02", ".*", "[4-5]").matches(other)).isFalse();
  }

  @Test
  void fieldsLeftOutMatchAnything() {
    assertThat(RegexAddress.parse(Map.of("slot", "00", "function", "[5-6]")).matches(DEVICE))
        .isTrue();
    assertThat(RegexAddress.parse(Map.of()).matches(PciAddress.parse("ffff:ff:1f.7"))).isTrue();
  }

  @Test
  void expressionsMatchFromTheStartOfTheZeroPaddedLowercaseField() {
    // As Python's re.match: anchored at the start only.
    assertThat(RegexAddress.parse(Map.of("bus", "0")).matches(DEVICE)).isTrue();
    assertThat(RegexAddress.parse(Map.of("bus", "a")).matches(DEVICE)).isFalse();
    assertThat(RegexAddress.parse(Map.of("domain", "00")).matches(DEVICE)).isTrue();
    assertThat(RegexAddress.parse(Map.of("bus", "0A")).matches(DEVICE)).isFalse();
  }

  @Test
  void allFourPlainHexFieldsNameASingleAddress() {
    assertThat(regex("0000", "0a", "00", "5").single()).contains(DEVICE);
    // Nova asks sysfs whether the address as written is a PF: only the host's own spelling names one.
    assertThat(regex("0000", "0A", "00", "5").single()).isEmpty();
    assertThat(regex("0000", "0a", "0", "5").single()).isEmpty();
    assertThat(regex(".*", "0a", "00", "5").single()).isEmpty();
    assertThat(RegexAddress.parse(Map.of("bus", "0a", "slot", "00", "function", "5")).single())
        .isEmpty();
    assertThat(regex("0000", "0a", "00", "8").single()).isEmpty();
  }

  @Test
  void refusesAnExpressionThatDoesNotCompileNamingTheField() {
    assertThatThrownBy(() -> regex(".*", ".*", "00", "[6[-7]"))
        .isInstanceOfSatisfying(
            ValueProblem.class, p -> assertThat(p.part()).isEqualTo("function"))
        .hasMessageContaining("is not a valid regular expression");
    assertThatThrownBy(() -> regex("*", ".*", "00", "5"))
        .isInstanceOfSatisfying(ValueProblem.class, p -> assertThat(p.part()).isEqualTo("domain"));
  }

  @Test
  void ignoresKeysThatAreNotAddressFieldsAsNovaDoes() {
    assertThat(RegexAddress.parse(Map.of("func", "7", "bus", "0a")).matches(DEVICE)).isTrue();
  }
}
