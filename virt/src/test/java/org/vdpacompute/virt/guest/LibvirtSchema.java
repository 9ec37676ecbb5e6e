package org.vdpacompute.virt.guest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Checks XML against libvirt's own RelaxNG schemas with {@code virt-xml-validate} (Debian package
 * {@code libvirt-clients}, which runs {@code xmllint} from {@code libxml2-utils}). A missing tool
 * fails the test: the XML shapes are the point of these tests, and CI installs the tools.
 */
final class LibvirtSchema {
  private LibvirtSchema() {}

  /** What {@code virt-xml-validate} said of a document. */
  record Verdict(int exitCode, String output) {}

  static void assertValidDomain(String xml) {
    Verdict verdict = validate(xml, "domain");
    assertThat(verdict.exitCode())
        .as("virt-xml-validate domain of%n%s%nsaid:%n%s", xml, verdict.output())
        .isZero();
  }

  static Verdict validate(String xml, String schema) {
    Path file = null;
    try {
      file = Files.createTempFile("vdpa-compute-", ".xml");
      Files.writeString(file, xml, StandardCharsets.UTF_8);
      Process p = start(file, schema);
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("virt-xml-validate finished").isTrue();
      if (p.exitValue() == 127) {
        fail("virt-xml-validate could not run a tool it needs (xmllint comes with the Debian package"
            + " libxml2-utils):%n%s", output);
      }
      return new Verdict(p.exitValue(), output);
    } catch (IOException e) {
      throw new AssertionError("could not run virt-xml-validate", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while validating", e);
    } finally {
      deleteQuietly(file);
    }
  }

  private static Process start(Path file, String schema) {
    try {
      return new ProcessBuilder("virt-xml-validate", file.toString(), schema)
          .redirectErrorStream(true)
          .start();
    } catch (IOException e) {
      throw new AssertionError("virt-xml-validate is not installed; install the Debian package"
          + " libvirt-clients (apt-get install -y libvirt-clients libxml2-utils) to check guest XML"
          + " against libvirt's schema", e);
    }
  }

  private static void deleteQuietly(Path file) {
    if (file != null) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException ignored) {
        // a leftover temp file is harmless
      }
    }
  }
}
