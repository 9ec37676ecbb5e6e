package org.vdpacompute.virt.libvirt;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Domain XML checked against libvirt's schema by {@code virt-xml-validate} (libvirt-clients). */
final class DomainSchema {
  private DomainSchema() {}

  static void assertValidDomain(String xml) {
    try {
      Path file = Files.createTempFile("domain", ".xml");
      try {
        Files.writeString(file, xml, StandardCharsets.UTF_8);
        Process validate = new ProcessBuilder("virt-xml-validate", file.toString(), "domain")
            .redirectErrorStream(true).start();
        String output = new String(validate.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(validate.waitFor(60, TimeUnit.SECONDS)).as("virt-xml-validate finished").isTrue();
        assertThat(validate.exitValue()).as("virt-xml-validate said: %s\nof:\n%s", output, xml).isZero();
      } finally {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("virt-xml-validate cannot be run; install libvirt-clients", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
