package org.vdpacompute.api.http;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.io.IOException;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Keeps requests out of Javalin's router while routes are added to it. The listener answers (503)
 * before the services' routes are added, and Javalin's route lists are not safe to change under a
 * request that walks them: a health check that came in at that moment got a 500. Until the routes
 * are fixed, each request holds a read lock while it is handled and {@link #changeRoutes} holds
 * the write lock; once they are fixed, requests pass without the lock.
 */
final class RoutingGate implements Filter {
  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private volatile boolean routesFixed;

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (routesFixed) {
      chain.doFilter(request, response);
      return;
    }
    lock.readLock().lock();
    try {
      chain.doFilter(request, response);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Changes the routes with no request in the router, and lets requests pass freely afterwards. */
  void changeRoutes(Runnable change) {
    lock.writeLock().lock();
    try {
      change.run();
      routesFixed = true;
    } finally {
      lock.writeLock().unlock();
    }
  }
}
