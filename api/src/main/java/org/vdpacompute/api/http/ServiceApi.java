package org.vdpacompute.api.http;

import io.javalin.Javalin;

/** One OpenStack service served under its own path prefix of the shared listener. */
public interface ServiceApi {
  /** The path prefix, e.g. {@code /compute}; every route of the service is under it. */
  String prefix();

  /** How this service's clients expect error bodies. */
  ErrorShape errorShape();

  /** Adds the service's routes; called once before the listener starts. */
  void addRoutes(Javalin app);

  /** True for the calls that need no token (version documents, logging in); the rest need one. */
  default boolean isPublic(io.javalin.http.Context ctx) {
    return false;
  }
}
