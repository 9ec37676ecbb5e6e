package org.vdpacompute.benchmarks.boot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

/**
 * What Linux says of a process: its peak and current resident set ({@code VmHWM}, {@code VmRSS}
 * in {@code /proc/PID/status}) and the CPU time it has used.
 */
record ProcessFigures(long pid, long peakRssKb, long rssKb, Duration cpu) {
  /** Linux gives thread times in ticks of {@code USER_HZ}, which is 100 a second on every architecture. */
  private static final long MILLIS_PER_TICK = 10;

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

  /**
   * The CPU time the JVM's JIT compiler threads ({@code C1 CompilerThre}, {@code C2 CompilerThre} in
   * {@code /proc/PID/task/TID/stat}) have used, of those alive now: the share of a process's CPU
   * that goes to compiling its code rather than running it.
   */
  static Duration jitCompilerCpu(ProcessHandle process) {
    Path tasks = Path.of("/proc", Long.toString(process.pid()), "task");
    long ticks = 0;
    try (Stream<Path> threads = Files.list(tasks)) {
      for (Path thread : threads.toList()) {
        ticks += compilerTicks(thread);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot list " + tasks + " (Linux only): " + e.getMessage(), e);
    }
    return Duration.ofMillis(ticks * MILLIS_PER_TICK);
  }

  /** utime + stime of a compiler thread, 0 for any other or one that ended meanwhile. */
  private static long compilerTicks(Path thread) {
    try {
      String stat = Files.readString(thread.resolve("stat"));
      // "TID (NAME) STATE ...": the name, in parentheses and cut to 15 characters ("C2 CompilerThread0"
      // is "C2 CompilerThre"), may hold spaces. After it, state is the 3rd field of the line, utime
      // and stime the 14th and 15th.
      int nameEnd = stat.lastIndexOf(')');
      if (!stat.substring(stat.indexOf('(') + 1, nameEnd).matches("C[12] CompilerThre")) return 0;
      String[] fields = stat.substring(nameEnd + 2).split(" ");
      return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    } catch (IOException e) {
      return 0;
    }
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
