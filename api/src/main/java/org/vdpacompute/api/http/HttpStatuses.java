package org.vdpacompute.api.http;

import org.vdpacompute.core.ErrorCategory;

/** The one place where error categories become HTTP statuses. */
public final class HttpStatuses {
  private HttpStatuses() {}

  public static int of(ErrorCategory category) {
    switch (category) {
      case INVALID: return 400;
      case UNAUTHORIZED: return 401;
      case FORBIDDEN: return 403;
      case NOT_FOUND: return 404;
      case CONFLICT: return 409;
      case UNAVAILABLE: return 503;
      default: return 500;
    }
  }

  /** The category an HTTP status stands for, for errors Javalin raises itself (unknown path, wrong method). */
  public static ErrorCategory category(int status) {
    switch (status) {
      case 400: case 405: case 415: return ErrorCategory.INVALID;
      case 401: return ErrorCategory.UNAUTHORIZED;
      case 403: return ErrorCategory.FORBIDDEN;
      case 404: return ErrorCategory.NOT_FOUND;
      case 409: return ErrorCategory.CONFLICT;
      case 503: return ErrorCategory.UNAVAILABLE;
      default: return ErrorCategory.INTERNAL;
    }
  }

  public static String title(int status) {
    switch (status) {
      case 400: return "Bad Request";
      case 401: return "Unauthorized";
      case 403: return "Forbidden";
      case 404: return "Not Found";
      case 405: return "Method Not Allowed";
      case 409: return "Conflict";
      case 503: return "Service Unavailable";
      default: return "Internal Server Error";
    }
  }
}
