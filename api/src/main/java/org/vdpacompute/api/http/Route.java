package org.vdpacompute.api.http;

import io.javalin.http.HandlerType;
import java.util.Objects;

/**
 * A route the listener serves, as added: method, path template ({@code /compute/v2.1/servers/{id}})
 * and the access it declared (null if none, which the listener refuses).
 */
public record Route(HandlerType method, String path, Access access) {
  public Route {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
  }

  /** Whether requests to it carry a body to read (POST, PUT, PATCH). */
  public boolean takesBody() {
    return method == HandlerType.POST || method == HandlerType.PUT || method == HandlerType.PATCH;
  }

  @Override
  public String toString() {
    return method + " " + path;
  }
}
