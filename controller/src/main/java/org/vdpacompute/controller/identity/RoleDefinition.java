package org.vdpacompute.controller.identity;

import java.util.Locale;
import java.util.Optional;

/**
 * A role as the identity API lists it: one of the four the policy knows ({@link Role}), or one an
 * operator made, which may be assigned but grants nothing here.
 */
public record RoleDefinition(String id, String name, String description) {
  public RoleDefinition {
    description = description == null ? "" : description;
  }

  /** The definition of a built-in role, with its id that is the same in every cloud. */
  public static RoleDefinition of(Role role) {
    return new RoleDefinition(role.id(), role.apiName(), "");
  }

  /** The built-in role of this name, which the policy knows; empty for an operator's own. */
  public Optional<Role> builtIn() {
    return Role.named(name);
  }

  /** Whether this role's name is that of {@code other}, as Keystone compares role names: ignoring case. */
  boolean sameName(String other) {
    return name.toLowerCase(Locale.ROOT).equals(other.toLowerCase(Locale.ROOT));
  }
}
