package org.vdpacompute.virt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.vdpacompute.core.InvalidValueException;

class HypervisorVersionTest {

  @ParameterizedTest
  @CsvSource({
      "6.9.0, 6, 9, 0",
      "5.1, 5, 1, 0",
      "5.15.0-91-generic, 5, 15, 0",
      "7.0.0+dfsg, 7, 0, 0",
      "' 8.2.1 ', 8, 2, 1"})
  void parsesWhatLibvirtQemuAndTheKernelPrint(String text, int major, int minor, int micro) {
    assertThat(HypervisorVersion.parse(text)).isEqualTo(new HypervisorVersion(major, minor, micro));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "6", "six.nine", "6.9.0.1", "v6.9.0", "6..9", "-1.2"})
  void badStringIsRefusedNamingIt(String text) {
    assertThatThrownBy(() -> HypervisorVersion.parse(text))
        .isInstanceOf(InvalidValueException.class)
        .hasMessageContaining("'" + text + "'");
  }

  @Test
  void missingStringIsRefused() {
    assertThatThrownBy(() -> HypervisorVersion.parse(null)).isInstanceOf(InvalidValueException.class);
  }

  @Test
  void ordersNumericallyNotAsText() {
    assertThat(HypervisorVersion.parse("5.10").isAtLeast(HypervisorVersion.parse("5.7"))).isTrue();
    assertThat(HypervisorVersion.parse("5.6.99").isAtLeast(HypervisorVersion.parse("5.7"))).isFalse();
    assertThat(HypervisorVersion.parse("10.0.0")).isGreaterThan(HypervisorVersion.parse("9.10.0"));
  }

  @Test
  void decodesLibvirtsPackedVersion() {
    assertThat(HypervisorVersion.fromPacked(6_009_000)).isEqualTo(new HypervisorVersion(6, 9, 0));
    assertThat(HypervisorVersion.fromPacked(5_001_002)).isEqualTo(new HypervisorVersion(5, 1, 2));
  }

  @Test
  void printsAllThreeParts() {
    assertThat(HypervisorVersion.parse("5.7")).hasToString("5.7.0");
  }
}
