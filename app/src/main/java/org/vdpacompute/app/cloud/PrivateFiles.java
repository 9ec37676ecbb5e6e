package org.vdpacompute.app.cloud;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Files that hold passwords: readable by their owner only from the moment they exist, and replaced
 * whole (written beside, then renamed), so a reader never sees half a file; the directories that
 * hold them, readable by their owner only.
 */
public final class PrivateFiles {
  private PrivateFiles() {}

  /** Makes {@code dir}, or makes it again, readable by its owner only. */
  public static void directory(Path dir) {
    try {
      Files.createDirectories(dir);
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make the private directory " + dir, e);
    }
  }

  /** Writes {@code file} mode 0600, replacing it whole. */
  public static void write(Path file, String text) {
    Path dir = file.toAbsolutePath().getParent();
    try {
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
