package org.vdpacompute.controller.identity;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/** The roles this cloud's policy knows, as Nova's default policy uses them. */
public enum Role {
  ADMIN,
  MEMBER,
  READER,
  /** Compute agents and other services calling the controller. */
  SERVICE;

  public String apiName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** A stable id, the same in every cloud, for the API's role documents. */
  public String id() {
    return UUID.nameUUIDFromBytes(("role:" + apiName()).getBytes(StandardCharsets.UTF_8)).toString().replace("-", "");
  }

  /** The built-in role of this name, in any case; empty for a role an operator made. */
  public static Optional<Role> named(String name) {
    for (Role r : values()) {
      if (r.apiName().equalsIgnoreCase(name)) return Optional.of(r);
    }
    return Optional.empty();
  }
}
