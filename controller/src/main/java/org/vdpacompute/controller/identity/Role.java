package org.vdpacompute.controller.identity;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.UUID;

/** The roles this cloud knows, as Nova's default policy uses them. */
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

  public static Role fromApiName(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }
}
