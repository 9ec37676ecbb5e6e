package org.vdpacompute.controller.identity;

import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The controller's own token as the service user, for its calls to compute agents: issued by its
 * own identity service and issued again a while before it expires.
 */
public final class ServiceToken implements Supplier<String> {
  private static final Duration RENEW_BEFORE_EXPIRY = Duration.ofMinutes(5);

  private final IdentityService identity;
  private final PasswordLogin login;
  private final Clock clock;
  private Token token;

  public ServiceToken(IdentityService identity, PasswordLogin login, Clock clock) {
    this.identity = identity;
    this.login = login;
    this.clock = clock;
  }

  @Override
  public synchronized String get() {
    if (token == null || token.expiresAt().minus(RENEW_BEFORE_EXPIRY).isBefore(clock.instant())) {
      token = identity.authenticate(login);
    }
    return token.id();
  }
}
