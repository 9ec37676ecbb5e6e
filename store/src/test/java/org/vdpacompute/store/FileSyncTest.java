package org.vdpacompute.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.api.io.TempDir;

/** Isolated: it counts the JVM's file-sync threads, which databases of tests beside it would add. */
@Isolated
class FileSyncTest {
  private static final String THREAD = "vdpa-compute-store file sync";

  @TempDir Path dir;

  @Test
  void anH2FileIsForcedToTheDiskWhileItsDatabaseIsOpen() throws InterruptedException {
    Set<Thread> before = syncThreads();
    Set<Thread> started;
    try (Database db = Database.open("jdbc:h2:file:" + dir.resolve("synced"))) {
      db.useTransaction(h -> h.execute(
          "INSERT INTO app_settings (name, value_text, updated_at) VALUES ('probe', '1', CURRENT_TIMESTAMP)"));
      started = syncThreads();
      started.removeAll(before);
      assertThat(started).hasSize(1);
      assertThat(db.fileSync().sync()).isTrue();
    }
    Thread timer = started.iterator().next();
    timer.join(10_000);
    assertThat(timer.isAlive()).isFalse();
  }

  @Test
  void aSyncThatCannotReachTheDatabaseSaysSoAndDoesNotThrow() {
    Database db = Database.open("jdbc:h2:file:" + dir.resolve("closed"));
    FileSync sync = db.fileSync();
    db.close();
    assertThat(sync.sync()).isFalse();
  }

  @Test
  void anInMemoryH2HasNoFileToSync() {
    try (Database db = Database.open("jdbc:h2:mem:unsynced")) {
      assertThat(db.fileSync()).isNull();
    }
  }

  private static Set<Thread> syncThreads() {
    return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(THREAD) && t.isAlive())
        .collect(Collectors.toCollection(HashSet::new));
  }
}
