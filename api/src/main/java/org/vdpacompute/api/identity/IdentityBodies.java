package org.vdpacompute.api.identity;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import org.vdpacompute.api.http.JsonBodies;
import org.vdpacompute.controller.identity.IdentityService;
import org.vdpacompute.core.InvalidValueException;

/** What identity requests say beside their resource's own fields: options, tags, filters of a list. */
final class IdentityBodies {
  private IdentityBodies() {}

  /** An object or list that clients send empty (OpenStackClient sends {@code options: {}}); anything in it is refused. */
  static void emptyOrNull(JsonNode body, String field, String why) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) return;
    if (!v.isObject() && !v.isArray()) {
      throw new InvalidValueException("'" + field + "' must be " + (field.equals("tags") ? "a list" : "an object")
          + ", not " + JsonBodies.shown(v));
    }
    if (!v.isEmpty()) throw new InvalidValueException("'" + field + "' must be empty: " + why);
  }

  /** A list's {@code domain_id} filter: the one domain, or nothing to list. */
  static void domainFilter(Context ctx) {
    String domain = ctx.queryParam("domain_id");
    if (domain != null && !domain.equals(IdentityService.DEFAULT_DOMAIN_ID)) {
      throw new InvalidValueException("this cloud has one domain, '" + IdentityService.DEFAULT_DOMAIN_ID + "'");
    }
  }

  /** A list's {@code enabled} filter, as Keystone reads it; null when absent. */
  static Boolean enabledFilter(Context ctx) {
    String v = ctx.queryParam("enabled");
    if (v == null) return null;
    return !(v.equalsIgnoreCase("false") || v.equals("0") || v.equalsIgnoreCase("no") || v.equalsIgnoreCase("off"));
  }
}
