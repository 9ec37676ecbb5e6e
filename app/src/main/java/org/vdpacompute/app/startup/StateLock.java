package org.vdpacompute.app.startup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.vdpacompute.store.PrivateDirectories;

/**
 * A process's hold on its state directory: an exclusive lock on {@code DIR/vdpa-compute.lock},
 * which holds the process's pid for the operator. Two processes on one directory would corrupt
 * each other's state (the embedded database, an emulated host's guests), so the second one stops
 * at start, before it writes anything. The operating system releases the lock when the process
 * dies, however it dies, so a crash leaves no stale lock behind.
 */
public final class StateLock implements AutoCloseable {
  static final String FILE = "vdpa-compute.lock";
  private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");

  private final FileChannel channel;
  private final FileLock lock;

  private StateLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Takes the directory, creating it (mode 0700) when it does not exist; the lock file is 0600.
   *
   * @param setBy what set the directory, named in the error
   * @throws StateDirectoryInUseException if another process (or this one) holds it
   * @throws UncheckedIOException if the directory or its lock file cannot be made
   */
  public static StateLock acquire(Path directory, String setBy) {
    Path dir = directory.toAbsolutePath().normalize();
    Path file = dir.resolve(FILE);
    FileChannel channel = null;
    try {
      // The directory holds the database and the passwords: what is made of it is its owner's alone.
      PrivateDirectories.create(dir);
      channel = FileChannel.open(file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE),
          PosixFilePermissions.asFileAttribute(OWNER_FILE));
      FileLock lock = tryLock(channel);
      if (lock == null) {
        String holder = Files.readString(file, StandardCharsets.UTF_8).strip();
        throw new StateDirectoryInUseException(dir, setBy, holder.isEmpty() ? null : holder, null);
      }
      channel.truncate(0);
      channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)), 0);
      return new StateLock(channel, lock);
    } catch (IOException e) {
      closeQuietly(channel);
      throw new UncheckedIOException("cannot lock the state directory " + dir + " (" + setBy + "): " + e.getMessage(), e);
    } catch (RuntimeException e) {
      closeQuietly(channel);
      throw e;
    }
  }

  /** The lock, or null when another process holds it; this JVM holding it counts as another. */
  private static FileLock tryLock(FileChannel channel) throws IOException {
    try {
      return channel.tryLock();
    } catch (OverlappingFileLockException heldHere) {
      return null;
    }
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel == null) return;
    try {
      channel.close();
    } catch (IOException ignored) {
      // closing after a failure: the failure is what the operator needs
    }
  }

  /** Releases the directory; the lock file stays, empty of meaning once unlocked. */
  @Override
  public void close() {
    try {
      lock.release();
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot release the state directory lock", e);
    }
  }
}
