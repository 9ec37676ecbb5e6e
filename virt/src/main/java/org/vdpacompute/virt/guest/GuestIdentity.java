package org.vdpacompute.virt.guest;

import java.util.UUID;
import org.vdpacompute.core.InvalidValueException;

/**
 * Which instance a guest is: its UUID (the domain's {@code <uuid>}) and its domain name.
 *
 * @param name the domain name, unique on the host; libvirt forbids {@code /} and line breaks in it
 */
public record GuestIdentity(UUID uuid, String name) {
  public GuestIdentity {
    if (uuid == null) {
      throw new InvalidValueException("guest uuid is missing");
    }
    if (name == null || name.isBlank()) {
      throw new InvalidValueException("guest " + uuid + " has no name");
    }
    if (name.indexOf('/') >= 0 || name.chars().anyMatch(Character::isISOControl)) {
      throw new InvalidValueException(
          "guest name '" + name + "' contains '/' or a control character, which libvirt refuses");
    }
  }
}
