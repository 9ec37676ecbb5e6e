package org.vdpacompute.app.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;

/**
 * {@code [api]}: the controller's one listener, serving every API.
 *
 * @param listen where it listens
 * @param publicUrl the URL the catalog and links give ({@code public_url}); null for the listen
 *     address itself, never the Host header a client sends
 * @param certFile the PEM certificate chain the listener presents over HTTPS; null for plain HTTP
 * @param keyFile the PEM private key of {@code certFile}; null exactly when {@code certFile} is
 */
public record ApiSection(ListenAddress listen, URI publicUrl, Path certFile, Path keyFile) {
  /** {@code 127.0.0.1:8774}, Nova's compute API port. */
  public static final ListenAddress DEFAULT_LISTEN = new ListenAddress("127.0.0.1", 8774);

  public ApiSection {
    Objects.requireNonNull(listen, "listen");
    if ((certFile == null) != (keyFile == null)) {
      throw new IllegalArgumentException("cert_file and key_file go together: set both to serve HTTPS, or neither");
    }
  }

  /** A plain HTTP listener. */
  public ApiSection(ListenAddress listen, URI publicUrl) {
    this(listen, publicUrl, null, null);
  }

  /** Whether the listener serves HTTPS. */
  public boolean https() {
    return certFile != null;
  }

  /** The configured public URL as text, or null. */
  public String publicUrlText() {
    return publicUrl == null ? null : publicUrl.toString();
  }
}
