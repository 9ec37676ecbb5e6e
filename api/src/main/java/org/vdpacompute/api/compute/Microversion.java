package org.vdpacompute.api.compute;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.vdpacompute.core.ErrorCategory;
import org.vdpacompute.core.InvalidValueException;
import org.vdpacompute.core.VdpaComputeException;

/** A compute API microversion, {@code 2.N}. */
public record Microversion(int major, int minor) implements Comparable<Microversion> {
  public static final Microversion MIN = new Microversion(2, 1);
  public static final Microversion MAX = new Microversion(2, 60);

  /** Nova's form ({@code api_version_request.py}): no leading zeros, a minor of 0 allowed. */
  private static final Pattern FORM = Pattern.compile("([1-9]\\d*)\\.([1-9]\\d*|0)");

  /**
   * Parses {@code X.Y} as Nova does, or {@code latest} (the newest we serve), and refuses a version
   * outside the range served.
   *
   * @throws InvalidValueException for text of another form (Nova's 400)
   * @throws NotAcceptable for a version outside {@link #MIN}..{@link #MAX} (Nova's 406), including
   *     one whose numbers are too long for any version to have
   */
  public static Microversion parseServed(String text) {
    String t = text.trim();
    if (t.equals("latest")) return MAX;
    Matcher m = FORM.matcher(t);
    if (!m.matches()) {
      throw new InvalidValueException("API Version String " + t + " is of invalid format. Must be of format MajorNum.MinorNum.");
    }
    Microversion v;
    try {
      v = new Microversion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    } catch (NumberFormatException tooLong) {
      throw new NotAcceptable(t);
    }
    if (!v.isSupported()) throw new NotAcceptable(t);
    return v;
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

  /** A microversion outside the range we serve; Nova answers 406 with this message. */
  public static final class NotAcceptable extends VdpaComputeException {
    NotAcceptable(String version) {
      super("Version " + version + " is not supported by the API. Minimum is " + MIN + " and maximum is " + MAX + ".");
    }

    @Override
    public ErrorCategory category() {
      return ErrorCategory.NOT_ACCEPTABLE;
    }
  }
}
