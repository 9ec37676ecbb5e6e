package org.vdpacompute.app.allinone;

import java.security.SecureRandom;
import java.util.Base64;

/** Passwords the all-in-one makes up on its first start. */
final class Secrets {
  private static final SecureRandom RANDOM = new SecureRandom();

  private Secrets() {}

  static String password() {
    byte[] b = new byte[18];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }
}
