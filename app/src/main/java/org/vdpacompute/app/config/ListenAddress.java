package org.vdpacompute.app.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a server listens: a host name or IP address and a TCP port, 0 meaning any free port.
 * Written {@code host:port}, an IPv6 address in brackets ({@code [::1]:8774}).
 */
public record ListenAddress(String host, int port) {
  private static final Pattern FORM =
      Pattern.compile("(\\[[0-9A-Fa-f:.]+\\]|[^\\s:\\[\\]]+):(\\d{1,5})");

  /** @throws IllegalArgumentException if the host is blank or the port is not 0 to 65535 */
  public ListenAddress {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("has no host");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port " + port + " is not between 0 and 65535");
    }
  }

  /**
   * Parses {@code host:port}; an IPv6 host keeps no brackets.
   *
   * @throws IllegalArgumentException saying what is wrong, without repeating the text
   */
  public static ListenAddress parse(String text) {
    Matcher m = FORM.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException("is not host:port (an IPv6 address as [::1]:port)");
    }
    String host = m.group(1);
    if (host.startsWith("[")) {
      host = host.substring(1, host.length() - 1);
    }
    return new ListenAddress(host, Integer.parseInt(m.group(2)));
  }

  /** {@code host:port}, an IPv6 host in brackets: the form {@link #parse} reads. */
  @Override
  public String toString() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
