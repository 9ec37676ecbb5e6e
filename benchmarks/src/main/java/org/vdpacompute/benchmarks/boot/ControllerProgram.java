package org.vdpacompute.benchmarks.boot;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine.Option;

/** The options of the benchmarks that run the controller as a process of its own: its program and JVM options. */
final class ControllerProgram {
  @Option(names = "--controller-jar", defaultValue = "${sys:vdpa.compute.jar:-app/target/vdpa-compute.jar}",
      description = "The program the controller runs from (default: ${DEFAULT-VALUE}).")
  Path jar;
  @Option(names = "--controller-java-opts", defaultValue = "",
      description = "JVM options of the controller, e.g. a heap limit or a flight recording (default: none, as bin/vdpa-compute).")
  String javaOpts;

  /** The words of {@code --controller-java-opts}. */
  List<String> javaOptions() {
    return javaOpts.isBlank() ? List.of() : Arrays.asList(javaOpts.trim().split("\\s+"));
  }
}
