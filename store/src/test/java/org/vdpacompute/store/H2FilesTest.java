package org.vdpacompute.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The H2 file holds the password hashes and every token's digest: only its owner may read it. */
class H2FilesTest {
  @TempDir Path dir;

  private static String mode(Path p) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  @Test
  void aNewDatabaseFileAndTheDirectoriesMadeForItAreTheOwnersAlone() throws Exception {
    Path base = dir.resolve("state/db/vdpa-compute");
    try (Database db = Database.open("jdbc:h2:file:" + base)) {
      assertThat(db.schemaVersion()).isPositive();
    }
    assertThat(mode(dir.resolve("state/db/vdpa-compute.mv.db"))).isEqualTo("rw-------");
    assertThat(mode(dir.resolve("state/db"))).isEqualTo("rwx------");
    assertThat(mode(dir.resolve("state"))).isEqualTo("rwx------");
  }

  @Test
  void anExistingDatabaseFileReadableByOthersIsMadeTheOwnersOnOpen() throws Exception {
    Path base = dir.resolve("old");
    Database.open("jdbc:h2:file:" + base).close();
    Path file = dir.resolve("old.mv.db");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    try (Database db = Database.open("jdbc:h2:file:" + base + ";AUTO_SERVER=FALSE")) {
      assertThat(mode(file)).isEqualTo("rw-------");
    }
  }

  @Test
  void theFileOfAUrlIsFoundWhicheverWayH2IsToldIt() {
    assertThat(H2Files.base("jdbc:h2:file:/var/lib/x/db;WRITE_DELAY=0")).contains(Path.of("/var/lib/x/db"));
    assertThat(H2Files.base("jdbc:h2:./data/db")).contains(Path.of("./data/db"));
    assertThat(H2Files.base("jdbc:h2:~/db")).contains(Path.of(System.getProperty("user.home"), "db"));
    assertThat(H2Files.base("jdbc:h2:mem:x")).isEmpty();
    assertThat(H2Files.base("jdbc:h2:tcp://host/db")).isEmpty();
    assertThat(H2Files.base("jdbc:postgresql://h/db")).isEmpty();
  }
}
