package org.vdpacompute.controller.identity;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * bcrypt, a standard deliberately slow hash, from Bouncy Castle. Not final: tests count the checks
 * a login makes.
 */
public class PasswordHasher {
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

  /** Whether the password is the one hashed; an empty one never is (bcrypt cannot hash it), checked all the same. */
  public boolean matches(String password, String hash) {
    if (hash == null) return false;
    return OpenBSDBCrypt.checkPassword(hash, password.getBytes(StandardCharsets.UTF_8)) && !password.isEmpty();
  }
}
