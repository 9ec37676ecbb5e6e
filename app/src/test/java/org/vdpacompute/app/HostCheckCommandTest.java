package org.vdpacompute.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * {@code vdpa-compute host-check} on this machine, whose kernel has no vDPA. Isolated: it swaps
 * System.out and System.err, which tests running beside it would write into.
 */
@Isolated
class HostCheckCommandTest {

  @TempDir Path dir;

  private record Run(int status, String out, String err) {}

  private static Run run(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
    try {
      int status = Main.run(args);
      return new Run(status, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  @Test
  void thisMachineIsNotReadyBecauseItsKernelHasNoVdpaAndTheExitStatusIsOne() {
    Run run = run("host-check", "--libvirt-uri", "test:///default");

    assertThat(run.status()).isEqualTo(1);
    assertThat(run.out()).contains("[missing] kernel vDPA support: the kernel has no vDPA support:"
        + " modules vdpa and vhost_vdpa are not loaded and there is no vdpa bus (/sys/bus/vdpa)\n"
        + "          fix: modprobe vhost_vdpa")
        .contains("The host is not ready for vDPA: ");
  }

  @Test
  void jsonSaysTheSameForTools() throws Exception {
    Run run = run("host-check", "--libvirt-uri", "test:///default", "--json");

    assertThat(run.status()).isEqualTo(1);
    JsonNode report = new ObjectMapper().readTree(run.out());
    assertThat(report.path("ready").asBoolean(true)).isFalse();
    assertThat(report.path("findings").get(0).path("item").asText()).isEqualTo("kernel vDPA support");
    assertThat(report.path("findings").get(0).path("status").asText()).isEqualTo("missing");
  }

  @Test
  void aSysfsThatIsNotOneIsBadUsage() throws Exception {
    Path empty = Files.createDirectory(dir.resolve("empty"));

    Run run = run("host-check", "--sysfs", empty.toString(), "--libvirt-uri", "test:///default");

    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err()).contains("--sysfs: " + empty + " is not a sysfs tree: it has no bus/ directory");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void aBadConfigurationIsBadUsageNamingFileKeyAndValue() throws Exception {
    Path conf = Files.writeString(dir.resolve("compute.conf"), "[pci]\ndevice_spec = {not json\n");

    Run run = run("host-check", "--config", conf.toString(), "--libvirt-uri", "test:///default");

    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err()).startsWith("vdpa-compute: " + conf + ": [pci] device_spec = {not json: ");
  }
}
