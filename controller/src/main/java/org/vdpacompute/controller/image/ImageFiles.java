package org.vdpacompute.controller.image;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;
import org.vdpacompute.core.InvalidValueException;

/**
 * Image data, one file per image named by its id, in one directory (the controller's
 * {@code STATE_PATH/images/}).
 *
 * <p>Data is streamed: a write reads the upload in small buffers, hashing (MD5 and SHA-512) and
 * counting as it goes, so an image of any size costs one buffer of memory. It goes to a
 * {@code .part} file beside its final place, is forced to disk, and is then renamed into place,
 * so that a reader never sees half an image and a crash leaves at worst a {@code .part} file, never
 * a short image under a valid name.
 */
public final class ImageFiles {
  /** Image ids are UUIDs; anything else must not become a path. */
  private static final Pattern ID = Pattern.compile("[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}");
  private static final int BUFFER_BYTES = 64 * 1024;

  private final Path directory;

  /** Uses {@code directory} for image data, creating it when missing. */
  public ImageFiles(Path directory) {
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new ImageStorageException("cannot create the image directory " + directory + ": " + e.getMessage(), e);
    }
    this.directory = directory;
  }

  public Path directory() {
    return directory;
  }

  /**
   * Stores the data of an image, replacing any it had, and says how long it was and its hashes.
   *
   * @throws InvalidValueException when the data cannot be read to its end (the client went away)
   * @throws ImageStorageException when the disk refuses it; nothing is left behind in either case
   */
  public StoredData write(String imageId, InputStream data) {
    Path target = path(imageId);
    Path part;
    try {
      part = Files.createTempFile(directory, imageId + ".", ".part");
    } catch (IOException e) {
      throw new ImageStorageException("cannot store the data of image " + imageId + ": " + e.getMessage(), e);
    }
    try {
      StoredData stored = copy(imageId, data, part);
      Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      syncDirectory();
      return stored;
    } catch (IOException e) {
      deleteQuietly(part);
      throw new ImageStorageException("cannot store the data of image " + imageId + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      deleteQuietly(part);
      throw e;
    }
  }

  private static StoredData copy(String imageId, InputStream data, Path part) throws IOException {
    MessageDigest md5 = digest("MD5");
    MessageDigest sha512 = digest("SHA-512");
    long size = 0;
    byte[] buffer = new byte[BUFFER_BYTES];
    try (FileChannel out = FileChannel.open(part, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
      for (int n; (n = read(imageId, data, buffer, size)) >= 0; ) {
        md5.update(buffer, 0, n);
        sha512.update(buffer, 0, n);
        ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
        while (chunk.hasRemaining()) out.write(chunk);
        size += n;
      }
      // The database will call the image active: its data must survive a power cut from then on.
      out.force(true);
    }
    HexFormat hex = HexFormat.of();
    return new StoredData(size, hex.formatHex(md5.digest()), hex.formatHex(sha512.digest()));
  }

  /** Reads from the client, telling its failures (a broken upload) apart from the disk's. */
  private static int read(String imageId, InputStream data, byte[] buffer, long sofar) {
    try {
      return data.read(buffer);
    } catch (IOException e) {
      throw new InvalidValueException("the data of image " + imageId + " broke off after " + sofar + " bytes: "
          + e.getMessage(), e);
    }
  }

  /** The data of an image, to be closed by the caller. */
  public InputStream open(String imageId) {
    try {
      return Files.newInputStream(path(imageId));
    } catch (NoSuchFileException e) {
      throw new ImageStorageException("the data of image " + imageId + " is missing from " + directory, e);
    } catch (IOException e) {
      throw new ImageStorageException("cannot read the data of image " + imageId + ": " + e.getMessage(), e);
    }
  }

  /** Removes the data of an image, if it has any. */
  public void delete(String imageId) {
    try {
      Files.deleteIfExists(path(imageId));
    } catch (IOException e) {
      throw new ImageStorageException("cannot delete the data of image " + imageId + ": " + e.getMessage(), e);
    }
  }

  private Path path(String imageId) {
    if (imageId == null || !ID.matcher(imageId).matches()) {
      throw new InvalidValueException("'" + imageId + "' is not an image id (a UUID)");
    }
    return directory.resolve(imageId);
  }

  /** Makes the rename itself durable; where a directory cannot be synced (not Linux) it is skipped. */
  private void syncDirectory() {
    try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
      dir.force(true);
    } catch (IOException e) {
      // best effort: the data itself was forced before the rename
    }
  }

  private static void deleteQuietly(Path part) {
    try {
      Files.deleteIfExists(part);
    } catch (IOException e) {
      // the .part file stays; it never shadows an image
    }
  }

  private static MessageDigest digest(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has " + algorithm, e);
    }
  }
}
