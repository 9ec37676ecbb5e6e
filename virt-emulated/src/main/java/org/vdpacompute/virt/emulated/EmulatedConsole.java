package org.vdpacompute.virt.emulated;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.vdpacompute.virt.GuestOperation;
import org.vdpacompute.virt.guest.SerialLog;

/**
 * What an emulated guest "prints" on its serial console, written where its domain XML logs the
 * console as QEMU would write it: boot lines when it starts, a line when it reboots or powers off.
 * A guest whose domain names no log prints nothing.
 */
final class EmulatedConsole {
  private final String host;

  EmulatedConsole(String host) {
    this.host = host;
  }

  /** Writes what the guest prints after {@code operation} succeeded; a spawn starts a new log. */
  void after(UUID instance, String domainXml, GuestOperation operation) {
    List<String> lines = switch (operation) {
      case SPAWN, START -> boot(instance);
      case REBOOT -> concat(List.of("reboot: Restarting system"), boot(instance));
      case STOP -> List.of("reboot: Power down");
      default -> List.of();
    };
    if (lines.isEmpty()) return;
    SerialLog.of(domainXml).ifPresent(file -> write(instance, file, lines, operation == GuestOperation.SPAWN));
  }

  private List<String> boot(UUID instance) {
    return List.of("[    0.000000] Linux version 6.1.0 (emulated guest " + instance + " on host " + host + ")",
        "[    0.420000] virtio_net virtio0: booted", "cloud-init: guest " + instance + " is up", "login: ");
  }

  private static List<String> concat(List<String> a, List<String> b) {
    return Stream.concat(a.stream(), b.stream()).toList();
  }

  private static void write(UUID instance, Path file, List<String> lines, boolean fresh) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
          StandardOpenOption.WRITE, fresh ? StandardOpenOption.TRUNCATE_EXISTING : StandardOpenOption.APPEND);
    } catch (IOException e) {
      // As a QEMU that cannot open its log file: the host's state directory is not writable.
      throw new UncheckedIOException("cannot write the console log " + file + " of emulated guest " + instance, e);
    }
  }
}
