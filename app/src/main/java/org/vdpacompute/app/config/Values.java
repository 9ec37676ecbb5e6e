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
