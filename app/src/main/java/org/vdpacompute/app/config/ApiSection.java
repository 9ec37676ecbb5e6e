package org.vdpacompute.app.config;

import java.net.URI;
import java.util.Objects;

/**
 * {@code [api]}: the controller's one listener, serving every API.
 *
 * @param listen where it listens
 * @param publicUrl the URL the catalog and links give ({@code public_url}); null for the listen
 *     address itself, never the Host header a client sends
 */
public record ApiSection(ListenAddress listen, URI publicUrl) {
  /** {@code 127.0.0.1:8774}, Nova's compute API port. */
  public static final ListenAddress DEFAULT_LISTEN = new ListenAddress("127.0.0.1", 8774);

  public ApiSection {
    Objects.requireNonNull(listen, "listen");
  }

  /** The configured public URL as text, or null. */
  public String publicUrlText() {
    return publicUrl == null ? null : publicUrl.toString();
  }
}
