package org.vdpacompute.benchmarks.boot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What Linux says of a process: its peak and current resident set ({@code VmHWM}, {@code VmRSS}
 * in {@code /proc/PID/status}) and the CPU time it has used.
 */
record ProcessFigures(long pid, long peakRssKb, long rssKb, Duration cpu) {

  static ProcessFigures of(ProcessHandle process) {
    try {
      long peak = 0;
      long now = 0;
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
        if (line.startsWith("VmHWM:")) peak = kilobytes(line);
        if (line.startsWith("VmRSS:")) now = kilobytes(line);
      }
      return new ProcessFigures(process.pid(), peak, now, cpu(process));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read /proc/" + process.pid() + "/status (Linux only): " + e.getMessage(), e);
    }
  }

  /** The CPU time used so far, user and system. */
  static Duration cpu(ProcessHandle process) {
    return process.info().totalCpuDuration().orElse(Duration.ZERO);
  }

  double peakRssMb() {
    return peakRssKb / 1024.0;
  }

  double rssMb() {
    return rssKb / 1024.0;
  }

  /** {@code "VmHWM:   123456 kB"} in kB. */
  private static long kilobytes(String line) {
    return Long.parseLong(line.replaceAll("[^0-9]", ""));
  }
}
