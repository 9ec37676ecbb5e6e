package org.vdpacompute.store.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.vdpacompute.store.Database;

/**
 * H2 test databases: files, as in production ({@code jdbc:h2:file:}), one per test, in a temporary
 * directory of this JVM, with a user and password so that tests see H2 check them.
 */
final class H2TestFiles {
  private static final String USER = "vdpa";
  private static final String PASSWORD = "h2-test-password";
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static Path directory;
  private static Path migratedTemplate;

  private H2TestFiles() {}

  /** A database that does not exist yet; H2 creates it on first connection. */
  static synchronized Path freshDatabase() {
    try {
      if (directory == null) {
        Path created = Files.createTempDirectory("vdpa-compute-h2-");
        Runtime.getRuntime().addShutdownHook(
            new Thread(() -> delete(created, "*"), "test-h2-delete"));
        directory = created;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a directory for H2 test databases", e);
    }
    return directory.resolve("store-test-" + DATABASES.incrementAndGet());
  }

  /**
   * A database with this program's schema already migrated: a copy of the file of one migrated
   * once per JVM (copying is a fraction of migrating).
   */
  static Path migratedDatabase() {
    Path database = freshDatabase();
    try {
      Files.copy(file(migratedTemplate()), file(database));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy the migrated H2 test database", e);
    }
    return database;
  }

  private static synchronized Path migratedTemplate() {
    if (migratedTemplate == null) {
      Path template = freshDatabase();
      Database.open(url(template)).close();
      migratedTemplate = template;
    }
    return migratedTemplate;
  }

  /** H2's file of the database. */
  private static Path file(Path database) {
    return database.resolveSibling(database.getFileName() + ".mv.db");
  }

  static String url(Path database) {
    return "jdbc:h2:file:" + database + ";USER=" + USER + ";PASSWORD=" + PASSWORD;
  }

  /** Deletes the database's files: {@code NAME.mv.db}, and {@code NAME.trace.db} if any. */
  static void deleteDatabase(Path database) {
    delete(database.getParent(), database.getFileName() + ".*");
  }

  private static void delete(Path dir, String glob) {
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, glob)) {
      for (Path file : files) {
        Files.deleteIfExists(file);
      }
      if (glob.equals("*")) {
        Files.deleteIfExists(dir);
      }
    } catch (IOException e) {
      System.err.println("H2 test databases: cannot delete " + glob + " in " + dir + ": " + e.getMessage());
    }
  }
}
