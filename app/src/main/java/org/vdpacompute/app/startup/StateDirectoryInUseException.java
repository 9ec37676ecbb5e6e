package org.vdpacompute.app.startup;

import java.nio.file.Path;

/** A state directory is held by another vdpa-compute process. */
public final class StateDirectoryInUseException extends StartRefusedException {
  private final Path directory;
  private final String holder;

  /**
   * @param directory the state directory
   * @param setBy what set it, for the operator to change: {@code [DEFAULT] state_path in FILE},
   *     {@code --data-dir}
   * @param holder what the lock file says of the process holding it (its pid), or null
   */
  public StateDirectoryInUseException(Path directory, String setBy, String holder, Throwable cause) {
    super("the state directory " + directory + " (" + setBy + ") is in use by another vdpa-compute process"
        + (holder == null ? "" : " (pid " + holder + ")") + ": stop that process, or choose another directory",
        cause);
    this.directory = directory;
    this.holder = holder;
  }

  public Path directory() {
    return directory;
  }

  /** What the lock file says of the holder (its pid), or null. */
  public String holder() {
    return holder;
  }
}
