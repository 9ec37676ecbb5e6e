-- What operators manage every day: projects, users and roles of their own, private flavors shared
-- with projects, quotas, and server metadata.

-- Identity: descriptions, a user's e-mail and default project, users without a password (who
-- cannot log in until one is set), and roles an operator makes beside the four built in (admin,
-- member, reader, service), which the policy does not know and so grant nothing here.
ALTER TABLE projects ADD COLUMN description VARCHAR(65535) DEFAULT '' NOT NULL;
ALTER TABLE users ADD COLUMN description VARCHAR(65535) DEFAULT '' NOT NULL;
ALTER TABLE users ADD COLUMN email VARCHAR(255);
ALTER TABLE users ADD COLUMN default_project_id VARCHAR(64);
ALTER TABLE users ALTER COLUMN password_hash DROP NOT NULL;
ALTER TABLE role_assignments ALTER COLUMN role SET DATA TYPE VARCHAR(255);

CREATE TABLE roles (
  id          VARCHAR(64)  PRIMARY KEY,
  name        VARCHAR(255) NOT NULL,
  description VARCHAR(65535) DEFAULT '' NOT NULL,
  CONSTRAINT roles_name_unique UNIQUE (name)
);

-- A project's quota creates (servers, ports) bump this, in the transaction that counts what the
-- project has and inserts the new one: two such creates of one project then write the same row,
-- so one of them waits or loses and counts again, and never both squeeze under the limit.
ALTER TABLE projects ADD COLUMN quota_generation BIGINT DEFAULT 0 NOT NULL;

-- A project's quota limits that differ from the defaults (Nova's and Neutron's), by resource name.
CREATE TABLE quota_limits (
  project_id  VARCHAR(64) NOT NULL,
  resource    VARCHAR(64) NOT NULL,
  hard_limit  INTEGER     NOT NULL,
  PRIMARY KEY (project_id, resource)
);

-- The projects a private flavor is shared with (Nova's flavor access).
CREATE TABLE flavor_projects (
  flavor_id  VARCHAR(255) NOT NULL REFERENCES flavors (id) ON DELETE CASCADE,
  project_id VARCHAR(64)  NOT NULL,
  PRIMARY KEY (flavor_id, project_id)
);

-- A server's metadata: Nova's key and value limits, 255 characters each.
CREATE TABLE instance_metadata (
  instance_uuid VARCHAR(64)  NOT NULL REFERENCES instances (uuid) ON DELETE CASCADE,
  meta_key      VARCHAR(255) NOT NULL,
  meta_value    VARCHAR(255) NOT NULL,
  PRIMARY KEY (instance_uuid, meta_key)
);
