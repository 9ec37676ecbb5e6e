package org.vdpacompute.app.startup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateLockTest {
  @TempDir Path dir;

  @Test
  void aSecondHolderIsRefusedWithTheFirstOnesPidUntilTheFirstLetsGo() {
    Path state = dir.resolve("state");
    StateLock first = StateLock.acquire(state, "[DEFAULT] state_path in a.conf");
    assertThat(state.resolve(StateLock.FILE)).hasContent(ProcessHandle.current().pid() + "\n");
    assertThatThrownBy(() -> StateLock.acquire(state, "[DEFAULT] state_path in b.conf"))
        .isInstanceOf(StateDirectoryInUseException.class)
        .hasMessage("the state directory " + state + " ([DEFAULT] state_path in b.conf) is in use by another"
            + " vdpa-compute process (pid " + ProcessHandle.current().pid() + "): stop that process, or choose"
            + " another directory");
    first.close();
    StateLock.acquire(state, "[DEFAULT] state_path in b.conf").close();
  }

  /** The state directory holds the database and the passwords: what the lock makes is its owner's alone. */
  @Test
  void theDirectoriesItMakesAndTheLockFileAreTheOwnersOnly() throws Exception {
    Path state = dir.resolve("a/b/c");
    StateLock.acquire(state, "--data-dir").close();
    assertThat(Files.isDirectory(state)).isTrue();
    for (Path made : new Path[] {dir.resolve("a"), dir.resolve("a/b"), state}) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(made))).as(made.toString())
          .isEqualTo("rwx------");
    }
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(state.resolve(StateLock.FILE))))
        .isEqualTo("rw-------");
  }
}
