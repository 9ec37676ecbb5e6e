package org.vdpacompute.api.http;

import io.javalin.Javalin;

/**
 * One OpenStack service served under its own path prefix of the shared listener. Each route it
 * adds declares its {@link Access}.
 */
public interface ServiceApi {
  /**
   * The largest request body the OpenStack services take by default (oslo.middleware's
   * {@code max_request_body_size}, 112 KiB); larger bodies are refused with 413.
   */
  long OPENSTACK_MAX_BODY_BYTES = 114_688;

  /** The path prefix, e.g. {@code /compute}; every route of the service is under it. */
  String prefix();

  /**
   * The OpenStack API this service is ({@code compute}, {@code identity}...), whose calls this cloud
   * does not serve are answered 501 naming them; null for this program's own APIs, whose unknown
   * paths are 404.
   */
  default String openStackApi() {
    return null;
  }

  /** How this service's clients expect error bodies. */
  ErrorShape errorShape();

  /** Adds the service's routes; called once before the listener starts. */
  void addRoutes(Javalin app);

  /** The largest JSON request body this service reads. */
  default long maxBodyBytes() {
    return OPENSTACK_MAX_BODY_BYTES;
  }
}
