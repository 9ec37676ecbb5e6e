package org.vdpacompute.virt.emulated;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.vdpacompute.core.InvalidValueException;
import org.vdpacompute.virt.GuestState;

/**
 * The guests of an emulated host on disk, under {@code STATE_PATH/emulated/}: a guest is defined
 * exactly while {@code domains/UUID.xml} exists (its current domain XML, which operators and tests
 * read), and {@code run/UUID.state} holds its run state. A domain file without a state file is a
 * shut-off guest, as a domain libvirt has defined but never started, so a crash between the two
 * writes leaves a sensible host. Defining writes the XML first, undefining deletes it first.
 * {@code run/UUID.console.log} is what the guest printed on its serial console.
 */
final class GuestStore {
  private final Path domains;
  private final Path run;

  GuestStore(Path statePath) {
    Path root = statePath.resolve("emulated");
    this.domains = root.resolve("domains");
    this.run = root.resolve("run");
  }

  Path domainFile(UUID instance) {
    return domains.resolve(instance + ".xml");
  }

  private Path stateFile(UUID instance) {
    return run.resolve(instance + ".state");
  }

  /** Where the guest's serial console output is kept. */
  Path consoleFile(UUID instance) {
    return run.resolve(instance + ".console.log");
  }

  boolean exists(UUID instance) {
    return Files.isRegularFile(domainFile(instance));
  }

  /** Every defined guest, ordered by UUID; hidden temporary files and strangers are ignored. */
  List<UUID> list() {
    if (!Files.isDirectory(domains)) {
      return List.of();
    }
    List<UUID> found = new ArrayList<>();
    try (Stream<Path> files = Files.list(domains)) {
      files.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".xml") && !n.startsWith("."))
          .map(n -> n.substring(0, n.length() - ".xml".length()))
          .forEach(n -> parseUuid(n, found));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + domains, e);
    }
    // By text, not UUID.compareTo, which compares signed longs and puts 9... before 1...
    found.sort(Comparator.comparing(UUID::toString));
    return found;
  }

  String readXml(UUID instance) {
    return read(domainFile(instance));
  }

  GuestState readState(UUID instance) {
    Path file = stateFile(instance);
    if (!Files.isRegularFile(file)) {
      return GuestState.SHUTOFF;
    }
    String text = read(file).strip();
    try {
      return GuestState.valueOf(text);
    } catch (IllegalArgumentException e) {
      throw new InvalidValueException("state file " + file + " holds '" + text + "', not a guest state");
    }
  }

  /** Writes the guest's domain XML and state; returns the domain file's attributes as written, as {@link #writeXml}. */
  Optional<BasicFileAttributes> define(UUID instance, String xml, GuestState state) {
    Optional<BasicFileAttributes> written = writeXml(instance, xml);
    writeState(instance, state);
    return written;
  }

  /** Writes the guest's domain XML; returns the file's attributes as written, when known. */
  Optional<BasicFileAttributes> writeXml(UUID instance, String xml) {
    return AtomicFiles.write(domainFile(instance), xml);
  }

  void writeState(UUID instance, GuestState state) {
    AtomicFiles.write(stateFile(instance), state.name() + "\n");
  }

  void undefine(UUID instance) {
    try {
      Files.deleteIfExists(domainFile(instance));
      Files.deleteIfExists(stateFile(instance));
      Files.deleteIfExists(consoleFile(instance));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot undefine guest " + instance + " under " + domains, e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new UncheckedIOException("guest file " + file + " vanished", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private static void parseUuid(String name, List<UUID> into) {
    try {
      into.add(UUID.fromString(name));
    } catch (IllegalArgumentException notAGuest) {
      // a file an operator left here; not a guest of ours
    }
  }
}
