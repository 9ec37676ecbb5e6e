package org.vdpacompute.app.config;

import java.util.Objects;

/**
 * {@code [api]}: the controller's one listener, serving every API.
 *
 * @param listen where it listens
 */
public record ApiSection(ListenAddress listen) {
  /** {@code 127.0.0.1:8774}, Nova's compute API port. */
  public static final ListenAddress DEFAULT_LISTEN = new ListenAddress("127.0.0.1", 8774);

  public ApiSection {
    Objects.requireNonNull(listen, "listen");
  }
}
