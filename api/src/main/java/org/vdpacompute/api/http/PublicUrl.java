package org.vdpacompute.api.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Set;

/**
 * The base URL the catalog and every link give: configured ({@code [api] public_url}), or else the
 * listen address. Never the request's {@code Host} header, which any client sets as it likes: a
 * catalog built from it would send the next client (or a cache shared between clients) wherever
 * that header pointed.
 */
public final class PublicUrl {
  /** Listen hosts that mean "every interface", which no client can connect to by that name. */
  private static final Set<String> WILDCARDS = Set.of("0.0.0.0", "::", "0:0:0:0:0:0:0:0", "*", "");

  private PublicUrl() {}

  /**
   * {@code http://HOST:PORT} (or {@code https://} on a TLS listener) of the listen address; a
   * wildcard host is replaced by this machine's name, an IPv6 address goes in brackets.
   */
  public static String fromListen(boolean https, String host, int port) {
    String name = WILDCARDS.contains(host) ? localName() : host;
    return (https ? "https://" : "http://") + (name.contains(":") ? "[" + name + "]" : name) + ":" + port;
  }

  /** The configured URL without a trailing slash, so that paths can be appended. */
  public static String normalized(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  private static String localName() {
    try {
      return InetAddress.getLocalHost().getCanonicalHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }
}
