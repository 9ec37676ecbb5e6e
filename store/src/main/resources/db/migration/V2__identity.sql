-- Identity: projects, users with bcrypt password hashes, role assignments, and tokens kept by the
-- SHA-256 digest of their secret (a copy of the database hands out no working token).
CREATE TABLE projects (
  id         VARCHAR(64)  PRIMARY KEY,
  name       VARCHAR(255) NOT NULL,
  domain_id  VARCHAR(64)  NOT NULL,
  enabled    BOOLEAN      NOT NULL,
  CONSTRAINT projects_name_unique UNIQUE (domain_id, name)
);

CREATE TABLE users (
  id            VARCHAR(64)  PRIMARY KEY,
  name          VARCHAR(255) NOT NULL,
  domain_id     VARCHAR(64)  NOT NULL,
  enabled       BOOLEAN      NOT NULL,
  password_hash VARCHAR(255) NOT NULL,
  CONSTRAINT users_name_unique UNIQUE (domain_id, name)
);

CREATE TABLE role_assignments (
  user_id    VARCHAR(64) NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  project_id VARCHAR(64) NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  role       VARCHAR(32) NOT NULL,
  PRIMARY KEY (user_id, project_id, role)
);

-- Roles are not copied into tokens: they are read at validation, so a removed role takes effect
-- at once, as with Keystone's Fernet tokens.
CREATE TABLE tokens (
  digest     CHAR(64)    PRIMARY KEY,
  user_id    VARCHAR(64) NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  project_id VARCHAR(64) NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  issued_at  TIMESTAMP WITH TIME ZONE NOT NULL,
  expires_at TIMESTAMP WITH TIME ZONE NOT NULL,
  audit_id   VARCHAR(64) NOT NULL
);

CREATE INDEX tokens_expires_at ON tokens (expires_at);
