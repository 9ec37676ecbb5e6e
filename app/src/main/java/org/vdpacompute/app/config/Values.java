package org.vdpacompute.app.config;

import java.net.URI;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.vdpacompute.core.InvalidValueException;
import org.vdpacompute.core.net.HostNames;
import org.vdpacompute.core.net.HttpUrls;
import org.vdpacompute.ovs.OvsdbEndpoint;

/**
 * Text to typed values. Each parser throws {@link IllegalArgumentException} whose message says
 * what is wrong without repeating the value, which the caller puts beside it.
 */
final class Values {
  // The spellings oslo.config accepts, so a nova.conf habit carries over.
  private static final Set<String> TRUE = Set.of("true", "yes", "on", "1");
  private static final Set<String> FALSE = Set.of("false", "no", "off", "0");
  private static final Pattern INTEGER = Pattern.compile("[-+]?\\d{1,10}");
  // Room is left for "pfNvfMMM" within a netdev name's 15 characters.
  private static final Pattern REPRESENTOR_PREFIX = Pattern.compile("[A-Za-z0-9_-]{1,7}");

  private Values() {}

  static boolean bool(String text) {
    String lower = text.toLowerCase(Locale.ROOT);
    if (TRUE.contains(lower)) {
      return true;
    }
    if (FALSE.contains(lower)) {
      return false;
    }
    throw new IllegalArgumentException("is not a boolean (true or false)");
  }

  static int integer(String text) {
    if (INTEGER.matcher(text).matches()) {
      long value = Long.parseLong(text);
      if (value == (int) value) {
        return (int) value;
      }
    }
    throw new IllegalArgumentException("is not an integer");
  }

  /** {@code unix:PATH} or {@code tcp:HOST:PORT}, as {@code ovs-vsctl --db} takes them. */
  static OvsdbEndpoint ovsdbEndpoint(String text) {
    try {
      return OvsdbEndpoint.parse(text);
    } catch (InvalidValueException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /** The start of an emulated host's representor names, which must stay network device names. */
  static String representorPrefix(String text) {
    if (REPRESENTOR_PREFIX.matcher(text).matches()) return text;
    throw new IllegalArgumentException("is not 1 to 7 letters, digits, '-' and '_': with pfNvfM after it,"
        + " a representor's name must be a network device name of at most 15 characters");
  }

  /** A compute host's name, as the controller takes it ({@link HostNames}). */
  static String hostName(String text) {
    if (HostNames.isValid(text)) return text;
    throw new IllegalArgumentException("is not a host name: 1 to " + HostNames.MAX_LENGTH
        + " letters, digits, '.', '-' and '_', starting with a letter or digit");
  }

  static URI httpUrl(String text) {
    return HttpUrls.parse(text).orElseThrow(() -> new IllegalArgumentException("is not an http:// or https:// URL with a host"));
  }
}
