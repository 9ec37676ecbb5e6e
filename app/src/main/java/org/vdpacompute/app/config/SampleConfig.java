package org.vdpacompute.app.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The sample configuration file, generated from {@link Option} as oslo-config-generator generates
 * {@code nova.conf.sample}: every section and key with its help, its type and its default, each
 * key commented out at its default. The build writes it into the release as
 * {@code etc/vdpa-compute.conf.sample}, so it can never miss a key the program reads.
 */
public final class SampleConfig {
  /** oslo-config-generator's width for help text. */
  private static final int WIDTH = 70;
  /** How the sample writes a key without a default, as oslo-config-generator does. */
  static final String NO_DEFAULT = "<None>";
  private static final String HEADER = "The configuration of vdpa-compute's controller and compute"
      + " commands (--config FILE): every section and key, with what it does, its type and its"
      + " default. Each key is commented out at its default: uncomment a line to set it. A multi"
      + " valued key may repeat, each line adding one value. An unknown section or key is refused.";

  private SampleConfig() {}

  /** The whole sample. */
  public static String text() {
    List<String> lines = new ArrayList<>();
    wrap(HEADER).forEach(line -> lines.add("# " + line));
    for (String section : Option.sections()) {
      lines.add("");
      lines.add("[" + section + "]");
      for (Option option : Option.values()) {
        if (option.section().equals(section)) {
          lines.add("");
          lines.add("#");
          wrap(option.help()).forEach(line -> lines.add("# " + line));
          lines.add("#  (" + option.type().label() + ")");
          lines.add("#" + option.key() + " = " + option.defaultText().orElse(NO_DEFAULT));
        }
      }
    }
    return String.join("\n", lines) + "\n";
  }

  private static List<String> wrap(String text) {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String word : text.split(" ")) {
      if (line.length() > 0 && line.length() + 1 + word.length() > WIDTH) {
        lines.add(line.toString());
        line.setLength(0);
      }
      if (line.length() > 0) {
        line.append(' ');
      }
      line.append(word);
    }
    lines.add(line.toString());
    return lines;
  }

  /** Writes the sample to the file the one argument names; the build runs this. */
  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: SampleConfig OUTPUT_FILE");
    }
    Path output = Path.of(args[0]);
    Files.createDirectories(output.toAbsolutePath().getParent());
    Files.writeString(output, text(), StandardCharsets.UTF_8);
  }
}
