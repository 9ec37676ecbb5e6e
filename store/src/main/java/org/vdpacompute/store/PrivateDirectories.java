package org.vdpacompute.store;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Directories that hold what only their owner may read (a database, the passwords beside it): the
 * ones made here are mode 0700 from the moment they exist, whatever the process's umask. Those that
 * exist already are left as they are: their mode is whoever made them's choice.
 */
public final class PrivateDirectories {
  /** File systems without POSIX modes (none this program is run on) get plain directories. */
  private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

  private PrivateDirectories() {}

  /** Makes {@code dir} and the directories missing on the way to it, each readable by its owner only. */
  public static void create(Path dir) throws IOException {
    if (!POSIX) {
      Files.createDirectories(dir);
      return;
    }
    Deque<Path> missing = new ArrayDeque<>();
    for (Path d = dir.toAbsolutePath(); d != null && !Files.exists(d); d = d.getParent()) missing.push(d);
    while (!missing.isEmpty()) {
      try {
        Files.createDirectory(missing.pop(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      } catch (FileAlreadyExistsException raced) {
        // made meanwhile by someone else, with their mode
      }
    }
  }
}
