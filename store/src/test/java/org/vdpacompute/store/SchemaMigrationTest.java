package org.vdpacompute.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.vdpacompute.store.testing.EachDatabase;
import org.vdpacompute.store.testing.TestDatabase;

class SchemaMigrationTest {
  private static final Pattern MIGRATION = Pattern.compile("V(\\d+)__[a-z0-9_]+\\.sql");

  @EachDatabase(migrated = false)
  void openingMigratesAnEmptyDatabaseToTheNewestVersion(TestDatabase db) throws Exception {
    try (Database database = db.open()) {
      assertThat(database.schemaVersion()).isEqualTo(newestMigration());
      int settings = database.inTransaction(
          h -> h.createQuery("SELECT COUNT(*) FROM app_settings").mapTo(Integer.class).one());
      assertThat(settings).isZero();
    }
  }

  @EachDatabase(migrated = false)
  void reopeningAMigratedDatabaseKeepsItsVersionAndData(TestDatabase db) throws Exception {
    try (Database first = db.open()) {
      first.useTransaction(h -> h.execute(
          "INSERT INTO app_settings (name, value_text, updated_at) VALUES ('kept', 'yes', CURRENT_TIMESTAMP)"));
    }
    try (Database again = db.open()) {
      String kept = again.inTransaction(h -> h.createQuery(
          "SELECT value_text FROM app_settings WHERE name = 'kept'").mapTo(String.class).one());
      assertThat(again.schemaVersion()).isEqualTo(newestMigration());
      assertThat(kept).isEqualTo("yes");
    }
  }

  /** Versions are whole numbers, because schemaVersion() is an int. */
  @Test
  void migrationsAreNumberedByWholeNumbers() throws Exception {
    assertThat(migrationFiles()).isNotEmpty().allSatisfy(name -> assertThat(name).matches(MIGRATION));
  }

  private static int newestMigration() throws IOException, URISyntaxException {
    return migrationFiles().stream()
        .map(MIGRATION::matcher)
        .filter(Matcher::matches)
        .mapToInt(m -> Integer.parseInt(m.group(1)))
        .max()
        .orElseThrow();
  }

  private static List<String> migrationFiles() throws IOException, URISyntaxException {
    URL location = Database.class.getResource("/db/migration");
    assertThat(location).as("db/migration on the class path").isNotNull();
    try (Stream<Path> files = Files.list(Path.of(location.toURI()))) {
      return files.map(f -> f.getFileName().toString()).sorted().toList();
    }
  }
}
