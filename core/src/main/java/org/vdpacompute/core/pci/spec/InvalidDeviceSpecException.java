package org.vdpacompute.core.pci.spec;

import org.vdpacompute.core.InvalidValueException;

/**
 * A {@code [pci] device_spec} value is malformed, or a spec cannot apply to a device it matches.
 * The message names the entry (its 1-based position among the configured values and, for a JSON
 * list, the element), the key and the offending value.
 */
public class InvalidDeviceSpecException extends InvalidValueException {
  public InvalidDeviceSpecException(String message) {
    super(message);
  }
}
