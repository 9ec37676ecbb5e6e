package org.vdpacompute.store;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The files of an embedded H2 database are its owner's alone: they hold the users' password
 * hashes and the digests of their tokens. H2 creates its files with the process's umask (commonly
 * 0644), so the store makes the file itself, mode 0600, before H2 opens it, the directories it
 * makes for it 0700 ({@link PrivateDirectories}), and tightens an existing file (one made by an
 * earlier version) on every open.
 */
final class H2Files {
  private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");
  /** The files H2 keeps beside its database: the store, its lock, its trace of errors. */
  /** File systems without POSIX modes (none this program is run on) are left as they are. */
  private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  private static final String[] SUFFIXES = {".mv.db", ".lock.db", ".trace.db"};

  private H2Files() {}

  /** The database's path without H2's suffix, for a URL of an embedded file database; else empty. */
  static Optional<Path> base(String url) {
    String lower = url.toLowerCase(Locale.ROOT);
    if (!lower.startsWith("jdbc:h2:")) return Optional.empty();
    String rest = url.substring("jdbc:h2:".length());
    int options = rest.indexOf(';');
    if (options >= 0) rest = rest.substring(0, options);
    if (rest.toLowerCase(Locale.ROOT).startsWith("file:")) {
      rest = rest.substring("file:".length());
    } else if (rest.matches("(?i)[a-z]{2,}:.*")) {
      return Optional.empty(); // mem:, tcp:, ssl:, zip: and H2's other non-file stores
    }
    if (rest.isEmpty()) return Optional.empty();
    if (rest.startsWith("~")) rest = System.getProperty("user.home") + rest.substring(1);
    return Optional.of(Path.of(rest));
  }

  /** Before H2 opens {@code base}: its missing directories made 0700, its file made empty 0600. */
  static void prepare(Path base) throws IOException {
    if (!POSIX) return;
    Path dir = base.toAbsolutePath().getParent();
    PrivateDirectories.create(dir);
    Path file = Path.of(base + SUFFIXES[0]);
    try {
      Files.createFile(file, attribute(OWNER_FILE));
    } catch (FileAlreadyExistsException existing) {
      // opened before: tightened once H2 has it open
    }
  }

  /** Once H2 has the database open: every file of it that exists made 0600. */
  static void protect(Path base) throws IOException {
    if (!POSIX) return;
    for (String suffix : SUFFIXES) {
      Path file = Path.of(base + suffix);
      if (Files.exists(file) && !Files.getPosixFilePermissions(file).equals(OWNER_FILE)) {
        Files.setPosixFilePermissions(file, OWNER_FILE);
      }
    }
  }

  private static FileAttribute<Set<PosixFilePermission>> attribute(Set<PosixFilePermission> mode) {
    return PosixFilePermissions.asFileAttribute(mode);
  }
}
