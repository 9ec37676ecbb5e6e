package org.vdpacompute.core.pci.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.vdpacompute.core.pci.PciAddress;

class GlobAddressTest {
  private static final PciAddress DEVICE = PciAddress.parse("0000:0a:00.5");

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "0000:0a:00.5 | 0000:0a:00.5",
        "*:0a:00.5    | *:0a:00.5",
        "0000:*:00.5  | 0000:*:00.5",
        "0000:0a:*.5  | 0000:0a:*.5",
        "0000:0a:00.* | 0000:0a:00.*",
        ":0a:00.      | *:0a:00.*",
        "0a:00.5      | *:0a:00.5",
        "00.5         | *:*:00.5",
        ".5           | *:*:*.5",
        "0000:0a:00   | 0000:0a:00.*",
        "*: *: *.5    | *:*:*.5",
        "0:A:0.5      | 0000:0a:00.5",
        "00000a:0a:0.5 | 000a:0a:00.5",
      })
  void acceptsNovasGlobForms(String glob, String canonical) {
    assertThat(GlobAddress.parse(glob)).hasToString(canonical);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "0000:0a:00.5", "*:0a:00.5", "0000:*:00.5", "0000:0a:*.5", "0000:0a:00.*", ":0a:00.", ".5"
      })
  void matchesTheFieldsItNamesAndAnyElsewhere(String glob) {
    assertThat(GlobAddress.parse(glob).matches(DEVICE)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"0010:0a:00.5", "0000:0b:00.5", "*:0a:01.5", "0000:0a:*.4"})
  void doesNotMatchWhenOneNamedFieldDiffers(String glob) {
    assertThat(GlobAddress.parse(glob).matches(DEVICE)).isFalse();
  }

  @Test
  void emptyGlobMatchesEverything() {
    GlobAddress any = GlobAddress.parse("");
    assertThat(any).isEqualTo(new GlobAddress(null, null, null, null));
    assertThat(any.matches(PciAddress.parse("ffff:ff:1f.7"))).isTrue();
  }

  @Test
  void onlyAFullAddressIsSingle() {
    assertThat(GlobAddress.parse("0000:0a:00.5").single()).contains(DEVICE);
    assertThat(GlobAddress.parse("*:0a:00.5").single()).isEmpty();
    assertThat(GlobAddress.parse("0a:00.5").single()).isEmpty();
    assertThat(GlobAddress.parse("0000:0a:00").single()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "10000:0a:00.5 | domain '10000' above the maximum ffff",
        "0000:100:00.5 | bus '100' above the maximum ff",
        "0000:0a:20.5  | slot '20' above the maximum 1f",
        "0000:0a:00.8  | function '8' above the maximum 7",
      })
  void refusesAFieldOutOfRange(String glob, String problem) {
    assertThatThrownBy(() -> GlobAddress.parse(glob))
        .isInstanceOf(ValueProblem.class)
        .hasMessageContaining(problem);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "0000:h4:00.5   | bus 'h4' that is neither hex nor '*'",
        "0000:0a:00.5.1 | function '5.1' that is neither hex nor '*'",
        "0000:0a:0?.5   | slot '0?' that is neither hex nor '*'",
      })
  void refusesAFieldThatIsNotHex(String glob, String problem) {
    assertThatThrownBy(() -> GlobAddress.parse(glob))
        .isInstanceOf(ValueProblem.class)
        .hasMessageContaining(problem);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "0x0:0xa:0x0.0x5 | 0000:0a:00.5",
        "0:+a:0_0.5      | 0000:0a:00.5",
        "0X0000:0A:00.5  | 0000:0a:00.5",
      })
  void readsFieldsAsPythonReadsHexNumbers(String glob, String canonical) {
    assertThat(GlobAddress.parse(glob)).hasToString(canonical);
    assertThat(GlobAddress.parse(glob).matches(DEVICE)).isTrue();
  }

  @Test
  void aNegativeFieldIsAcceptedAndMatchesNothingAsInNova() {
    GlobAddress glob = GlobAddress.parse("0000:0a:00.-1");
    assertThat(glob).hasToString("0000:0a:00.-1");
    assertThat(glob.matches(DEVICE)).isFalse();
    assertThat(glob.single()).isEmpty();
  }

  @Test
  void refusesMoreThanThreeFieldsBeforeTheFunction() {
    assertThatThrownBy(() -> GlobAddress.parse("0000:0a:0b:00.5"))
        .isInstanceOf(ValueProblem.class)
        .hasMessageContaining("more than three fields");
  }

  @Test
  void refusesAHugeHexFieldWithoutOverflow() {
    assertThatThrownBy(() -> GlobAddress.parse("fffffffffffffffff:0a:00.5"))
        .isInstanceOf(ValueProblem.class)
        .hasMessageContaining("above the maximum ffff");
  }
}
