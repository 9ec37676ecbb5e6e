package org.vdpacompute.api.http;

import java.util.LinkedHashMap;
import java.util.Map;
import org.vdpacompute.core.ErrorCategory;

/**
 * How each OpenStack API spells an error body, so that the real clients show our messages: compute
 * wraps them in a key named after the fault ({@code {"badRequest": {"code": 400, "message": ...}}}),
 * networking in {@code NeutronError}, identity and image in {@code error}.
 */
public enum ErrorShape {
  COMPUTE {
    @Override
    public Map<String, Object> body(int status, ErrorCategory category, String type, String message) {
      Map<String, Object> fault = new LinkedHashMap<>();
      fault.put("code", status);
      fault.put("message", message);
      return Map.of(computeFaultName(category), fault);
    }
  },
  NETWORK {
    @Override
    public Map<String, Object> body(int status, ErrorCategory category, String type, String message) {
      Map<String, Object> fault = new LinkedHashMap<>();
      fault.put("type", type);
      fault.put("message", message);
      fault.put("detail", "");
      return Map.of("NeutronError", fault);
    }
  },
  IDENTITY {
    @Override
    public Map<String, Object> body(int status, ErrorCategory category, String type, String message) {
      Map<String, Object> fault = new LinkedHashMap<>();
      fault.put("code", status);
      fault.put("message", message);
      fault.put("title", HttpStatuses.title(status));
      return Map.of("error", fault);
    }
  };

  /**
   * The error body.
   *
   * @param type a short name of what failed (the exception's), for APIs that carry one
   */
  public abstract Map<String, Object> body(int status, ErrorCategory category, String type, String message);

  private static String computeFaultName(ErrorCategory category) {
    switch (category) {
      case INVALID: return "badRequest";
      case UNAUTHORIZED: return "unauthorized";
      case FORBIDDEN: return "forbidden";
      case NOT_FOUND: return "itemNotFound";
      case METHOD_NOT_ALLOWED: return "badMethod";
      case TOO_LARGE: return "overLimit";
      case CONFLICT: return "conflictingRequest";
      case NOT_IMPLEMENTED: return "notImplemented";
      case UNAVAILABLE: return "serviceUnavailable";
      // Nova names no fault for 406 (a microversion it does not serve) either.
      default: return "computeFault";
    }
  }
}
