package org.vdpacompute.core.pci;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Booleans as OpenStack spells them (oslo.utils {@code strutils.bool_from_string}, which Nova reads
 * {@code remote_managed} in device specs and {@code trusted} in a port's binding profile with):
 * {@code true/false}, {@code yes/no}, {@code on/off}, {@code 1/0}, {@code y/n}, {@code t/f}, in any
 * case and with surrounding blanks; a JSON boolean is itself, a number its decimal text.
 */
public final class OsloBoolean {
  private static final Set<String> TRUE = Set.of("1", "t", "true", "on", "y", "yes");
  private static final Set<String> FALSE = Set.of("0", "f", "false", "off", "n", "no");

  /** The spellings, for messages. */
  public static final String SPELLINGS = "true/false, yes/no, on/off, 1/0, y/n or t/f";

  private OsloBoolean() {}

  /** The boolean a value spells, or empty when it spells none (null included). */
  public static Optional<Boolean> parse(Object value) {
    if (value instanceof Boolean b) {
      return Optional.of(b);
    }
    if (value == null) {
      return Optional.empty();
    }
    String lowered = value.toString().strip().toLowerCase(Locale.ROOT);
    if (TRUE.contains(lowered)) {
      return Optional.of(true);
    }
    if (FALSE.contains(lowered)) {
      return Optional.of(false);
    }
    return Optional.empty();
  }
}
