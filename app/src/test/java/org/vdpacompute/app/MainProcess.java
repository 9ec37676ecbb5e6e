package org.vdpacompute.app;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code bin/vdpa-compute} as a process of its own on the tests' class path: one that SIGKILL can kill. */
public final class MainProcess {
  private MainProcess() {}

  /**
   * Starts {@code Main} with {@code args}, its standard output and error appended to {@code log}.
   * It runs with the test JVM's own {@code -XX} flags (the build's argLine: a short-lived JVM's
   * compiler and collector settings).
   */
  public static Process start(Path log, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    ManagementFactory.getRuntimeMXBean().getInputArguments().stream().filter(a -> a.startsWith("-XX:")).forEach(command::add);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(Redirect.appendTo(log.toFile())).start();
  }
}
