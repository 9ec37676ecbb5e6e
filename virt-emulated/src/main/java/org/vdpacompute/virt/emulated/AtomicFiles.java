package org.vdpacompute.virt.emulated;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

/**
 * Writes a file so that readers, and an agent killed half-way, see either the old content or the
 * new, never a torn file: the text goes to a hidden temporary file in the same directory, which is
 * then renamed over the target.
 */
final class AtomicFiles {
  private AtomicFiles() {}

  /**
   * Writes the file and returns its attributes as written (file key, modification time, size),
   * read before the rename, which keeps them: a reader that later finds other attributes knows
   * the file was replaced since. Empty when the rename could not be atomic, which copies.
   */
  static Optional<BasicFileAttributes> write(Path target, String text) {
    Path temp = null;
    try {
      Files.createDirectories(target.getParent());
      temp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
      Files.writeString(temp, text, StandardCharsets.UTF_8);
      BasicFileAttributes written = Files.readAttributes(temp, BasicFileAttributes.class);
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return Optional.of(written);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        return Optional.empty();
      }
    } catch (IOException e) {
      deleteQuietly(temp);
      throw new UncheckedIOException("cannot write " + target, e);
    }
  }

  private static void deleteQuietly(Path temp) {
    if (temp != null) {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException ignored) {
        // the write already failed; a stray hidden temp file is ignored by readers
      }
    }
  }
}
