package org.vdpacompute.api.http;

import org.vdpacompute.core.ErrorCategory;

/** HTTP statuses of errors: the category of a status Javalin raises itself, and each status's title. */
public final class HttpStatuses {
  private HttpStatuses() {}

  /** The category an HTTP status stands for, for errors Javalin raises itself (unknown path, wrong method). */
  public static ErrorCategory category(int status) {
    switch (status) {
      case 400: case 415: return ErrorCategory.INVALID;
      case 401: return ErrorCategory.UNAUTHORIZED;
      case 403: return ErrorCategory.FORBIDDEN;
      case 404: return ErrorCategory.NOT_FOUND;
      case 405: return ErrorCategory.METHOD_NOT_ALLOWED;
      case 406: return ErrorCategory.NOT_ACCEPTABLE;
      case 413: return ErrorCategory.TOO_LARGE;
      case 409: return ErrorCategory.CONFLICT;
      case 501: return ErrorCategory.NOT_IMPLEMENTED;
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
      case 406: return "Not Acceptable";
      case 413: return "Request Entity Too Large";
      case 409: return "Conflict";
      case 501: return "Not Implemented";
      case 503: return "Service Unavailable";
      default: return "Internal Server Error";
    }
  }
}
