package org.vdpacompute.ovs;

import java.nio.file.Path;
import org.vdpacompute.core.InvalidValueException;

/**
 * Where the switch's database server listens, in the form {@code ovs-vsctl --db} takes: {@code
 * unix:PATH} or {@code tcp:HOST:PORT} ({@code [ovs] connection}). SSL remotes are refused: they need
 * certificates this program has no configuration for.
 */
public sealed interface OvsdbEndpoint {

  /** A unix domain socket, what a local {@code ovsdb-server} serves by default. */
  record Unix(Path path) implements OvsdbEndpoint {
    public Unix {
      if (path == null || path.toString().isEmpty()) {
        throw new InvalidValueException("an OVSDB unix socket needs a path");
      }
    }

    @Override
    public String toString() {
      return "unix:" + path;
    }
  }

  /** A TCP remote; a host of an IPv6 address is written in brackets, as OVS writes it. */
  record Tcp(String host, int port) implements OvsdbEndpoint {
    public Tcp {
      if (host == null || host.isBlank()) {
        throw new InvalidValueException("an OVSDB TCP remote needs a host");
      }
      if (port < 1 || port > 65535) {
        throw new InvalidValueException("OVSDB TCP port " + port + " is not between 1 and 65535");
      }
    }

    @Override
    public String toString() {
      return "tcp:" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
  }

  /**
   * Parses {@code unix:PATH} or {@code tcp:HOST:PORT}; anything else is refused with the forms. The
   * message says what is wrong without repeating the text, which the caller shows beside it.
   */
  static OvsdbEndpoint parse(String text) {
    if (text == null || text.isBlank()) {
      throw new InvalidValueException("is empty; expected unix:PATH or tcp:HOST:PORT");
    }
    if (text.startsWith("unix:")) {
      return new Unix(Path.of(text.substring("unix:".length())));
    }
    if (text.startsWith("tcp:")) {
      String rest = text.substring("tcp:".length());
      int colon = rest.lastIndexOf(':');
      if (colon <= 0 || colon == rest.length() - 1) {
        throw new InvalidValueException("has no port; expected tcp:HOST:PORT");
      }
      String host = rest.substring(0, colon);
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      }
      int port;
      try {
        port = Integer.parseInt(rest.substring(colon + 1));
      } catch (NumberFormatException e) {
        throw new InvalidValueException("has a port that is not a number; expected tcp:HOST:PORT");
      }
      return new Tcp(host, port);
    }
    if (text.startsWith("ssl:")) {
      throw new InvalidValueException("is an SSL remote, which is not supported; use unix:PATH or tcp:HOST:PORT");
    }
    throw new InvalidValueException("is not unix:PATH or tcp:HOST:PORT");
  }
}
