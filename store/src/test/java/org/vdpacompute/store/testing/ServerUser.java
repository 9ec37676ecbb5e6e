package org.vdpacompute.store.testing;

import com.sun.security.auth.module.UnixSystem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The user PostgreSQL's programs run as. initdb and postgres refuse to run as root, and CI runs as
 * root; then they run as nobody (uid and gid 65534), started through util-linux's {@code setpriv},
 * which changes the user and then replaces itself with the program, so the program is still this
 * JVM's child and stops with it. Anyone else runs them as themselves.
 */
final class ServerUser {
  static final int NOBODY = 65534;
  private static final List<String> SETPRIV = List.of("setpriv", "--reuid=" + NOBODY,
      "--regid=" + NOBODY, "--clear-groups", "--");

  private final boolean root;

  private ServerUser(boolean root) {
    this.root = root;
  }

  static ServerUser forThisProcess() {
    return new ServerUser(new UnixSystem().getUid() == 0);
  }

  /** The command line that runs the program as this user. */
  List<String> command(Path program, List<String> arguments) {
    List<String> command = new ArrayList<>(root ? SETPRIV : List.of());
    command.add(program.toString());
    command.addAll(arguments);
    return command;
  }

  /** Gives the path to the server's user, who must be able to write it. */
  void own(Path path) throws IOException {
    if (root) {
      Files.setAttribute(path, "unix:uid", NOBODY);
      Files.setAttribute(path, "unix:gid", NOBODY);
    }
  }

  /**
   * Makes a directory of ours readable by the server's user, and fails unless every directory
   * above it lets that user through (a root whose java.io.tmpdir is under /root would not).
   */
  void share(Path directory) throws IOException {
    if (!root) {
      return;
    }
    Files.setPosixFilePermissions(directory, Set.of(PosixFilePermission.OWNER_READ,
        PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE,
        PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_EXECUTE,
        PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_EXECUTE));
    for (Path dir = directory.toAbsolutePath().getParent(); dir != null; dir = dir.getParent()) {
      if (!Files.getPosixFilePermissions(dir).contains(PosixFilePermission.OTHERS_EXECUTE)) {
        throw new IOException("PostgreSQL runs as uid " + NOBODY + " because this is root, and "
            + "cannot reach " + directory + ": " + dir + " is closed to other users. Point "
            + "java.io.tmpdir at a directory others can enter, such as /tmp.");
      }
    }
  }

  /** How the programs are run, for messages about their failures. */
  String describe() {
    return root ? "as uid " + NOBODY + " through setpriv (util-linux), because this is root"
        : "as the current user";
  }
}
