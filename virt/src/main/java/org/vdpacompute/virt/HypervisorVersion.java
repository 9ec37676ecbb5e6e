package org.vdpacompute.virt;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.vdpacompute.core.InvalidValueException;

/**
 * A version {@code major.minor.micro} of libvirt, QEMU or the kernel. Parsed from what the
 * components print: {@code 6.9.0}, {@code 5.1} (micro 0) or {@code 5.15.0-91-generic} (the
 * distribution's suffix after {@code -}, {@code +} or {@code ~} is ignored), and ordered
 * numerically so that {@code 5.10} is newer than {@code 5.7}.
 */
public record HypervisorVersion(int major, int minor, int micro) implements Comparable<HypervisorVersion> {

  private static final Pattern FORM = Pattern.compile("(\\d{1,6})\\.(\\d{1,6})(?:\\.(\\d{1,6}))?(?:[-+~].*)?");

  public HypervisorVersion {
    if (major < 0 || minor < 0 || micro < 0) {
      throw new InvalidValueException(
          "version " + major + "." + minor + "." + micro + " has a negative part");
    }
  }

  /** Parses {@code major.minor[.micro][suffix]}; anything else is refused with the offending text. */
  public static HypervisorVersion parse(String text) {
    if (text == null) {
      throw new InvalidValueException("version is missing");
    }
    Matcher m = FORM.matcher(text.trim());
    if (!m.matches()) {
      throw new InvalidValueException(
          "'" + text + "' is not a version of the form major.minor[.micro] (for example 6.9.0)");
    }
    return new HypervisorVersion(
        Integer.parseInt(m.group(1)),
        Integer.parseInt(m.group(2)),
        m.group(3) == null ? 0 : Integer.parseInt(m.group(3)));
  }

  /**
   * Decodes libvirt's packed form {@code major * 1,000,000 + minor * 1,000 + micro}, as returned by
   * {@code virConnectGetLibVersion} and {@code virConnectGetVersion}.
   */
  public static HypervisorVersion fromPacked(long packed) {
    if (packed < 0) {
      throw new InvalidValueException("packed version " + packed + " is negative");
    }
    return new HypervisorVersion(
        (int) (packed / 1_000_000), (int) (packed / 1_000 % 1_000), (int) (packed % 1_000));
  }

  public boolean isAtLeast(HypervisorVersion other) {
    return compareTo(other) >= 0;
  }

  @Override
  public int compareTo(HypervisorVersion o) {
    int c = Integer.compare(major, o.major);
    if (c == 0) c = Integer.compare(minor, o.minor);
    if (c == 0) c = Integer.compare(micro, o.micro);
    return c;
  }

  @Override
  public String toString() {
    return major + "." + minor + "." + micro;
  }
}
