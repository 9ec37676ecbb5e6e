package org.vdpacompute.core.net;

import java.util.regex.Pattern;
import org.vdpacompute.core.InvalidValueException;

/**
 * What a compute host may be named: a host name as DNS has them (letters, digits, '.', '-'), and
 * '_' which hosts in the field use, 1 to 255 characters, starting with a letter or digit. The name
 * goes into URLs ({@code os-hypervisors}, the agents' API), logs and the database, so a '/', a
 * space or a control character in it would make the host impossible to address or to read.
 */
public final class HostNames {
  public static final int MAX_LENGTH = 255;
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

  private HostNames() {}

  /** Whether the text is a host name. */
  public static boolean isValid(String name) {
    return name != null && !name.isEmpty() && name.length() <= MAX_LENGTH && NAME.matcher(name).matches();
  }

  /**
   * @return the name, when it is one
   * @throws InvalidValueException saying what is wrong with it
   */
  public static String check(String name) {
    if (name == null || name.isEmpty()) throw new InvalidValueException("a compute host needs a name");
    if (name.length() > MAX_LENGTH) {
      throw new InvalidValueException("the host name '" + name.substring(0, 32) + "...' is " + name.length()
          + " characters long; at most " + MAX_LENGTH + " are allowed");
    }
    if (!NAME.matcher(name).matches()) {
      throw new InvalidValueException("the host name '" + name.replace("\0", "\\0")
          + "' may hold only letters, digits, '.', '-' and '_', and start with a letter or digit");
    }
    return name;
  }
}
