package org.vdpacompute.app.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * {@code [DEFAULT]}: who this program is and where its local state lives.
 *
 * @param host this agent's host name; null when not set (the compute command requires it, and
 *     it is never guessed from the machine, so that a renamed machine does not become a new host)
 * @param statePath where local state lives
 * @param debug whether the process logs at the debug level
 */
public record DefaultSection(String host, Path statePath, boolean debug) {
  /** {@code ./data}. */
  public static final Path DEFAULT_STATE_PATH = Path.of("./data");

  public DefaultSection {
    Objects.requireNonNull(statePath, "statePath");
  }
}
