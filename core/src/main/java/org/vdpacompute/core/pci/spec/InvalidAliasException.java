package org.vdpacompute.core.pci.spec;

import org.vdpacompute.core.InvalidValueException;

/**
 * A {@code [pci] alias} value is malformed, or two aliases of one name disagree. The message names
 * the entry (its 1-based position among the configured values), the key and the offending value.
 */
public class InvalidAliasException extends InvalidValueException {
  public InvalidAliasException(String message) {
    super(message);
  }
}
