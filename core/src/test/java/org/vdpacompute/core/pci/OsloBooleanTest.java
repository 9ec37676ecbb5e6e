package org.vdpacompute.core.pci;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OsloBooleanTest {

  @ParameterizedTest
  @ValueSource(strings = {"true", "True", "TRUE", "yes", "Yes", "on", "ON", "1", "y", "Y", "t", "T", " yes "})
  void everySpellingOfTrue(String text) {
    assertThat(OsloBoolean.parse(text)).contains(true);
  }

  @ParameterizedTest
  @ValueSource(strings = {"false", "False", "no", "NO", "off", "Off", "0", "n", "N", "f", "F", "\tfalse"})
  void everySpellingOfFalse(String text) {
    assertThat(OsloBoolean.parse(text)).contains(false);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "maybe", "2", "1.0", "truee", "yes please"})
  void otherTextSpellsNoBoolean(String text) {
    assertThat(OsloBoolean.parse(text)).isEmpty();
  }

  @org.junit.jupiter.api.Test
  void jsonBooleansAndNumbersAreReadAsOsloReadsThem() {
    assertThat(OsloBoolean.parse(Boolean.TRUE)).contains(true);
    assertThat(OsloBoolean.parse(1)).contains(true);
    assertThat(OsloBoolean.parse(0)).contains(false);
    assertThat(OsloBoolean.parse(null)).isEmpty();
  }
}
