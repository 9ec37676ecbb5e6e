package org.vdpacompute.api.compute;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.vdpacompute.core.InvalidValueException;

/** A compute API microversion, {@code 2.N}. */
public record Microversion(int major, int minor) implements Comparable<Microversion> {
  public static final Microversion MIN = new Microversion(2, 1);
  public static final Microversion MAX = new Microversion(2, 60);

  private static final Pattern FORM = Pattern.compile("(\\d+)\\.(\\d+)");

  /** Parses {@code 2.N} or {@code latest} (the newest we serve). */
  public static Microversion parse(String text) {
    String t = text.trim();
    if (t.equalsIgnoreCase("latest")) return MAX;
    Matcher m = FORM.matcher(t);
    if (!m.matches()) {
      throw new InvalidValueException("Version string '" + text + "' is not of the form 2.N or 'latest'");
    }
    return new Microversion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
  }

  public boolean isAtLeast(int major, int minor) {
    return compareTo(new Microversion(major, minor)) >= 0;
  }

  public boolean isSupported() {
    return compareTo(MIN) >= 0 && compareTo(MAX) <= 0;
  }

  @Override
  public int compareTo(Microversion o) {
    return major != o.major ? Integer.compare(major, o.major) : Integer.compare(minor, o.minor);
  }

  @Override
  public String toString() {
    return major + "." + minor;
  }
}
