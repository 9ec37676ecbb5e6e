package org.vdpacompute.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleConfigTest {
  private static final Pattern COMMENTED_KEY = Pattern.compile("(?m)^#([a-z_]+) = (.*)$");

  @Test
  void everyKeyAppearsInItsSectionWithItsHelpTypeAndDefault() {
    String sample = SampleConfig.text();

    for (Option option : Option.values()) {
      assertThat(option.help()).as(option + " has help").isNotBlank();
      String section = sectionOf(sample, option.section());
      assertThat(section).as(option.toString())
          .contains("#  (" + option.type().label() + ")\n#" + option.key() + " = "
              + option.defaultText().orElse(SampleConfig.NO_DEFAULT) + "\n");
      assertThat(section.replaceAll("\n# ", " ")).as(option + "'s help, wrapped").contains(option.help());
    }
    assertThat(sample.lines().filter(line -> line.startsWith("# ")))
        .allSatisfy(line -> assertThat(line).hasSizeLessThanOrEqualTo(2 + 70));
  }

  @Test
  void theSampleAsShippedReadsAsAnEmptyFile() {
    assertConfigurationsAgree(Configs.read(SampleConfig.text()), Configs.read(""));
  }

  /** The defaults the sample shows are the ones the program applies, and every one of them is valid. */
  @Test
  void uncommentingEveryDefaultChangesNothing() {
    Matcher m = COMMENTED_KEY.matcher(SampleConfig.text());
    StringBuilder uncommented = new StringBuilder();
    int set = 0;
    while (m.find()) {
      boolean hasDefault = !m.group(2).equals(SampleConfig.NO_DEFAULT);
      m.appendReplacement(uncommented, Matcher.quoteReplacement(hasDefault ? m.group(1) + " = " + m.group(2) : m.group()));
      if (hasDefault) set++;
    }
    m.appendTail(uncommented);

    assertThat(set).isEqualTo((int) Arrays.stream(Option.values()).filter(o -> o.defaultText().isPresent()).count());
    assertConfigurationsAgree(Configs.read(uncommented.toString()), Configs.read(""));
  }

  @Test
  void theBuildWritesTheSampleToTheFileNamed(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("etc/vdpa-compute.conf.sample");

    SampleConfig.main(new String[] {file.toString()});

    assertThat(Files.readString(file)).isEqualTo(SampleConfig.text());
  }

  /** The text of {@code [name]} up to the next section. */
  private static String sectionOf(String sample, String name) {
    String from = sample.substring(sample.indexOf("\n[" + name + "]\n"));
    int next = from.indexOf("\n[", 1);
    return next < 0 ? from : from.substring(0, next);
  }

  private static void assertConfigurationsAgree(Configuration actual, Configuration expected) {
    assertThat(actual.defaults()).isEqualTo(expected.defaults());
    assertThat(actual.api()).isEqualTo(expected.api());
    assertThat(actual.database()).isEqualTo(expected.database());
    assertThat(actual.identity()).isEqualTo(expected.identity());
    assertThat(actual.compute()).isEqualTo(expected.compute());
    assertThat(actual.emulated()).isEqualTo(expected.emulated());
    assertThat(actual.ovs()).isEqualTo(expected.ovs());
    assertThat(actual.libvirt()).isEqualTo(expected.libvirt());
    assertThat(actual.pci().deviceSpec().specs()).isEqualTo(expected.pci().deviceSpec().specs());
    assertThat(actual.pci().alias().names()).isEqualTo(expected.pci().alias().names());
  }
}
