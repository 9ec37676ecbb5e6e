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
 * What an emulated guest "prints" on its serial console, kept under the host's state path (a real
 * host's QEMU writes where the domain XML says; an emulated host writes nothing outside its state
 * path): boot lines when it starts, a line when it reboots or powers off.
 */
final class EmulatedConsole {
  private final String host;
  private final GuestStore store;

  EmulatedConsole(String host, GuestStore store) {
    this.host = host;
    this.store = store;
  }

  /** Writes what the guest prints after {@code operation} succeeded; a spawn starts a new log. */
  void after(UUID instance, GuestOperation operation) {
    List<String> lines = switch (operation) {
      case SPAWN, START -> boot(instance);
      case REBOOT -> concat(List.of("reboot: Restarting system"), boot(instance));
      case STOP -> List.of("reboot: Power down");
      default -> List.of();
    };
    if (lines.isEmpty()) return;
    write(instance, store.consoleFile(instance), lines, operation == GuestOperation.SPAWN);
  }

  /** The end of what the guest printed; empty when it printed nothing yet. */
  String tail(UUID instance, int maxBytes) {
    return SerialLog.tail(store.consoleFile(instance), maxBytes);
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
