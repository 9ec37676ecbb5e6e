package org.vdpacompute.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.vdpacompute.app.config.Configs.SOURCE;
import static org.vdpacompute.app.config.Configs.read;

import org.junit.jupiter.api.Test;

class IniSyntaxTest {

  @Test
  void commentsAndBlankLinesAreSkipped() {
    Configuration config = read("""
        # a full-line comment
        ; another, as nova.conf allows

        [DEFAULT]   # the section of host and state_path
          # an indented comment
        host = compute-0   # inline comment
        """);

    assertThat(config.defaults().host()).isEqualTo("compute-0");
  }

  @Test
  void aHashWithoutWhiteSpaceBeforeItBelongsToTheValue() {
    assertThat(read("[identity]\nadmin_password = pa#ss # comment\n").identity().adminPassword())
        .isEqualTo("pa#ss");
  }

  @Test
  void aHashInsideAJsonStringIsNoComment() {
    Configuration config = read("""
        [pci]
        device_spec = {"vendor_id": "15b3", "tag": "a # b", "other": "a#b"}  # the # comment
        """);

    assertThat(config.pci().deviceSpec().specs().get(0).tags())
        .containsEntry("tag", "a # b")
        .containsEntry("other", "a#b");
  }

  @Test
  void escapedQuotesDoNotEndAJsonString() {
    Configuration config = read("""
        [pci]
        device_spec = {"vendor_id": "15b3", "tag": "say \\"hi #1\\" #2"}   # comment
        """);

    assertThat(config.pci().deviceSpec().specs().get(0).tags())
        .containsEntry("tag", "say \"hi #1\" #2");
  }

  @Test
  void equalsSignsAfterTheFirstBelongToTheValue() {
    Configuration config = read("""
        [database]
        connection = jdbc:postgresql://db:5432/vdpa?user=nova&password=a=b
        [pci]
        device_spec = {"vendor_id": "15b3", "tag": "k=v"}
        """);

    assertThat(config.database().connection())
        .isEqualTo("jdbc:postgresql://db:5432/vdpa?user=nova&password=a=b");
    assertThat(config.pci().deviceSpec().specs().get(0).tags()).containsEntry("tag", "k=v");
  }

  @Test
  void quotesAroundAWholeValueGoAsInOsloConfig() {
    Configuration config = read("""
        [identity]
        admin_password = "secret #1"   # quoted to keep its hash
        service_password = say "hi"
        """);

    assertThat(config.identity().adminPassword()).isEqualTo("secret #1");
    assertThat(config.identity().servicePassword()).isEqualTo("say \"hi\"");
  }

  @Test
  void whiteSpaceAroundKeysAndValuesAndAByteOrderMarkAreIgnored() {
    Configuration config = read("\uFEFF[DEFAULT]\n\thost=compute-0\t\nstate_path   =   /srv/vdpa  \n");

    assertThat(config.defaults().host()).isEqualTo("compute-0");
    assertThat(config.defaults().statePath()).hasToString("/srv/vdpa");
  }

  @Test
  void aSectionMayBeOpenedAgain() {
    Configuration config = read("[DEFAULT]\nhost = a\n[api]\n[DEFAULT]\nstate_path = /s\n");

    assertThat(config.defaults().host()).isEqualTo("a");
    assertThat(config.defaults().statePath()).hasToString("/s");
  }

  @Test
  void aLineThatIsNotAnEntryIsRefusedByNumber() {
    assertThatThrownBy(() -> read("[DEFAULT]\nhost = a\nstate_path /srv\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessage(SOURCE + ": line 3: 'state_path /srv' is not a comment, a [section] or key = value");
    assertThatThrownBy(() -> read("[DEFAULT]\n= a\n"))
        .hasMessage(SOURCE + ": line 2: '= a' is not a comment, a [section] or key = value");
    assertThatThrownBy(() -> read("[pci]\ndevice_spec: {\"vendor_id\": \"15b3\", \"t\": \"a=b\"}\n"))
        .hasMessageStartingWith(SOURCE + ": line 2: 'device_spec: {");
  }

  @Test
  void aBrokenSectionHeaderIsRefused() {
    assertThatThrownBy(() -> read("[DEFAULT\nhost = a\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessage(SOURCE + ": line 1: '[DEFAULT' is not a section header [name]");
    assertThatThrownBy(() -> read("[ ]\n"))
        .hasMessage(SOURCE + ": line 1: '[ ]' is not a section header [name]");
  }

  @Test
  void aKeyBeforeAnySectionIsRefused() {
    assertThatThrownBy(() -> read("# top\nhost = compute-0\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessage(SOURCE + ": line 2: key 'host' comes before any [section]; put it under [DEFAULT]");
  }
}
