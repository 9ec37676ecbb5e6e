package org.vdpacompute.controller.identity;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/** bcrypt, a standard deliberately slow hash, from Bouncy Castle. */
public final class PasswordHasher {
  private final SecureRandom random = new SecureRandom();
  private final int cost;

  /** @param cost bcrypt's work factor; 10 costs tens of milliseconds per check */
  public PasswordHasher(int cost) {
    this.cost = cost;
  }

  public String hash(String password) {
    byte[] salt = new byte[16];
    random.nextBytes(salt);
    return OpenBSDBCrypt.generate(password.getBytes(StandardCharsets.UTF_8), salt, cost);
  }

  public boolean matches(String password, String hash) {
    return hash != null && OpenBSDBCrypt.checkPassword(hash, password.getBytes(StandardCharsets.UTF_8));
  }
}
