package org.vdpacompute.benchmarks.boot;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The options of the benchmarks that run the controller as a process of its own: its program, run
 * as an operator runs it ({@code bin/vdpa-compute}, with its class-data archive), and its JVM options.
 */
final class ControllerProgram {
  @Option(names = "--controller-program", defaultValue = "${sys:vdpa.compute.program:-bin/vdpa-compute}",
      description = "The program the controller runs as (default: ${DEFAULT-VALUE}).")
  Path program;
  @Option(names = "--controller-java-opts", defaultValue = "",
      description = "JVM options of the controller (VDPA_COMPUTE_JAVA_OPTS of its program), e.g. a heap limit or a "
          + "flight recording (default: none, as bin/vdpa-compute).")
  String javaOpts;
}
