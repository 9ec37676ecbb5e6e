package org.vdpacompute.controller.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.vdpacompute.core.InvalidValueException;
import org.vdpacompute.core.UnauthorizedException;

/**
 * Who may use the cloud: password logins scoped to a project give tokens that expire; every other
 * call presents one. There is one domain, {@code Default}, as in a fresh Keystone.
 */
public final class IdentityService {
  public static final String DEFAULT_DOMAIN_ID = "default";
  public static final String DEFAULT_DOMAIN_NAME = "Default";
  /** Keystone's message for a failed login: it says nothing about which part was wrong. */
  static final String LOGIN_FAILED = "The request you have made requires authentication.";

  private final IdentityStore store;
  private final PasswordHasher hasher;
  private final Clock clock;
  private final Duration tokenLifetime;
  private final SecureRandom random = new SecureRandom();

  public IdentityService(IdentityStore store, PasswordHasher hasher, Clock clock, Duration tokenLifetime) {
    this.store = store;
    this.hasher = hasher;
    this.clock = clock;
    this.tokenLifetime = tokenLifetime;
  }

  /** Checks a password login and issues a token for its project. */
  public Token authenticate(PasswordLogin login) {
    if (login.password() == null || (login.userId() == null && login.userName() == null)) {
      throw new InvalidValueException("a password login needs a user (id, or name and domain) and a password");
    }
    Optional<User> found = findUser(login).filter(User::enabled);
    // A password check whether or not the user exists, so that the time of the answer does not
    // tell an unknown (or disabled) user from a wrong password.
    boolean matches = hasher.matches(login.password(), found.map(User::passwordHash).orElseGet(this::dummyHash));
    User user = found.filter(u -> matches).orElseThrow(() -> new UnauthorizedException(LOGIN_FAILED));
    Project project = findProject(login)
        .filter(Project::enabled)
        .orElseThrow(() -> new UnauthorizedException("no project " + describeProject(login) + " for user " + user.name()));
    Set<Role> roles = store.roles(user.id(), project.id());
    if (roles.isEmpty()) {
      throw new UnauthorizedException("user " + user.name() + " has no role on project " + project.name());
    }
    byte[] secret = new byte[32];
    random.nextBytes(secret);
    String id = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    Instant now = clock.instant();
    Token token = new Token(id, user, project, roles, now, now.plus(tokenLifetime), auditId());
    store.saveToken(digest(id), token);
    return token;
  }

  private volatile String dummyHash;

  /** A hash of no one's password, made as users' are, to check a login for an unknown user against. */
  private String dummyHash() {
    String hash = dummyHash;
    if (hash == null) {
      byte[] secret = new byte[32];
      random.nextBytes(secret);
      hash = hasher.hash(Base64.getEncoder().encodeToString(secret));
      dummyHash = hash;
    }
    return hash;
  }

  /**
   * How long a token checked against the database is taken on trust. Every API request checks a
   * token, and reading it (with its user, project and roles) was a seventh of the controller's
   * work per boot. A revocation through this controller takes effect at once; one through another
   * controller, a disabled user or a removed role within this time, as with Keystone's middleware
   * cache.
   */
  static final Duration VALIDATED_TOKEN_TTL = Duration.ofSeconds(30);

  private record Checked(Token token, Instant until) {}

  private final Map<String, Checked> checked = new ConcurrentHashMap<>();

  /** The token a client presents, if it is known and not expired. */
  public Token validate(String secret) {
    if (secret == null || secret.isBlank()) {
      throw new UnauthorizedException("no token: send one in the X-Auth-Token header (openstack token issue)");
    }
    String digest = digest(secret);
    Instant now = clock.instant();
    Checked recent = checked.get(digest);
    if (recent != null && recent.until().isAfter(now) && recent.token().expiresAt().isAfter(now)) {
      return recent.token();
    }
    Token token = store.token(digest)
        .orElseThrow(() -> new UnauthorizedException("the token is not valid; ask for a new one"));
    if (!token.expiresAt().isAfter(clock.instant())) {
      throw new UnauthorizedException("the token expired at " + token.expiresAt() + "; ask for a new one");
    }
    if (!token.user().enabled() || !token.project().enabled()) {
      throw new UnauthorizedException("the token's user or project is disabled");
    }
    if (token.roles().isEmpty()) {
      throw new UnauthorizedException("user " + token.user().name() + " no longer has a role on project " + token.project().name());
    }
    // The store keeps no secret; the token handed back carries the one presented.
    Token valid = new Token(secret, token.user(), token.project(), token.roles(), token.issuedAt(), token.expiresAt(),
        token.auditId());
    if (checked.size() > MAX_CHECKED_TOKENS) checked.values().removeIf(c -> !c.until().isAfter(now));
    checked.put(digest, new Checked(valid, now.plus(VALIDATED_TOKEN_TTL)));
    return valid;
  }

  /** Tokens kept checked at most, before the stale ones are swept out. */
  private static final int MAX_CHECKED_TOKENS = 10_000;

  public void revoke(String secret) {
    validate(secret);
    checked.remove(digest(secret));
    store.revokeToken(digest(secret));
  }

  /**
   * Creates what a new cloud needs, once: the projects and users given, each user with its role on
   * its project. Existing users and projects are left as they are.
   */
  public void bootstrap(String projectName, String userName, String password, Role role) {
    Project project = store.projectByName(DEFAULT_DOMAIN_ID, projectName).orElseGet(() -> {
      Project created = new Project(newId(), projectName, DEFAULT_DOMAIN_ID, true);
      store.createProject(created);
      return created;
    });
    User user = store.userByName(DEFAULT_DOMAIN_ID, userName).orElseGet(() -> {
      User created = new User(newId(), userName, DEFAULT_DOMAIN_ID, true, hasher.hash(password));
      store.createUser(created);
      return created;
    });
    if (!store.roles(user.id(), project.id()).contains(role)) {
      store.assignRole(user.id(), project.id(), role.apiName());
    }
  }

  public Optional<Project> project(String id) {
    return store.project(id);
  }

  /** A project of the default domain by name. */
  public Project projectByName(String name) {
    return store.projectByName(DEFAULT_DOMAIN_ID, name)
        .orElseThrow(() -> new org.vdpacompute.core.NotFoundException("project " + name + " does not exist"));
  }

  private Optional<User> findUser(PasswordLogin login) {
    if (login.userId() != null) {
      return store.user(login.userId());
    }
    return domainId(login.userDomain()).flatMap(domain -> store.userByName(domain, login.userName()));
  }

  private Optional<Project> findProject(PasswordLogin login) {
    if (login.projectId() != null) {
      return store.project(login.projectId());
    }
    if (login.projectName() == null) {
      throw new InvalidValueException("this cloud issues project-scoped tokens only: name a project");
    }
    return domainId(login.projectDomain()).flatMap(domain -> store.projectByName(domain, login.projectName()));
  }

  /** The one domain, by its id or its name; absent means the default. */
  private static Optional<String> domainId(String idOrName) {
    if (idOrName == null || idOrName.equals(DEFAULT_DOMAIN_ID) || idOrName.equals(DEFAULT_DOMAIN_NAME)) {
      return Optional.of(DEFAULT_DOMAIN_ID);
    }
    return Optional.empty();
  }

  private static String describeProject(PasswordLogin login) {
    return login.projectId() != null ? login.projectId() : "'" + login.projectName() + "'";
  }

  /** A new id for a user, project or role, as Keystone makes them: 32 hex digits. */
  static String newId() {
    return UUID.randomUUID().toString().replace("-", "");
  }

  private String auditId() {
    byte[] b = new byte[16];
    random.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /** Tokens are kept by digest, so that a copy of the database hands out no working token. */
  static String digest(String secret) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
