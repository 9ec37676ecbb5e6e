package org.vdpacompute.core.net;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

/**
 * URLs this program calls: the controller's (an agent's configuration), an agent's (its report),
 * another host's agent (a live migration). Each must be http or https and name a host; anything
 * else (a file: URL, a bare host:port, text) is refused where it comes in, not when it is called.
 */
public final class HttpUrls {
  private HttpUrls() {}

  /** The text as a URI, when it is an http:// or https:// URL with a host. */
  public static Optional<URI> parse(String text) {
    if (text == null) return Optional.empty();
    try {
      URI uri = new URI(text);
      if (isHttp(uri)) return Optional.of(uri);
    } catch (URISyntaxException e) {
      // not a URL at all: refused as one of another kind
    }
    return Optional.empty();
  }

  /** Whether the URI is an http:// or https:// URL with a host. */
  public static boolean isHttp(URI uri) {
    String scheme = uri.getScheme();
    return ("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme)) && uri.getHost() != null;
  }
}
