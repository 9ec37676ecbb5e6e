package org.vdpacompute.virt.guest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.vdpacompute.core.InvalidValueException;

class XmlTest {

  @Test
  void malformedXmlIsRefusedNamingTheDocument() {
    assertThatThrownBy(() -> Xml.parse("<domain><name>vm", "domain XML"))
        .isInstanceOf(InvalidValueException.class)
        .hasMessageStartingWith("domain XML is not well-formed XML: ");
  }

  @Test
  void aDocumentWithADoctypeIsRefused() {
    assertThatThrownBy(() -> Xml.parse("<!DOCTYPE domain [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><domain>&x;</domain>"))
        .isInstanceOf(InvalidValueException.class)
        .hasMessageContaining("not well-formed XML");
  }

  /**
   * In a process of its own: the JDK's default error handler writes to the stderr of the moment
   * its parser first met an error, which a test sharing the JVM with others cannot redirect.
   */
  @Test
  void aRefusedDocumentIsReportedOnlyInTheExceptionNotOnStderr() throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), ParseMalformed.class.getName())
        .start();
    String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String stderr = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();

    assertThat(stdout).startsWith("refused: domain XML is not well-formed XML");
    assertThat(stderr).isEmpty();
  }

  /** Parses one malformed document and prints what became of it. */
  static final class ParseMalformed {
    public static void main(String[] args) {
      try {
        Xml.parse("<domain><name>vm", "domain XML");
        System.out.println("parsed");
      } catch (InvalidValueException e) {
        System.out.println("refused: " + e.getMessage());
      }
    }
  }
}
