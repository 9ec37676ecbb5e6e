-- Flavors and their extra specs.
CREATE TABLE flavors (
  id           VARCHAR(255)     PRIMARY KEY,
  name         VARCHAR(255)     NOT NULL,
  vcpus        INTEGER          NOT NULL,
  ram_mb       INTEGER          NOT NULL,
  disk_gb      INTEGER          NOT NULL,
  ephemeral_gb INTEGER          NOT NULL,
  swap_mb      INTEGER          NOT NULL,
  rxtx_factor  DOUBLE PRECISION NOT NULL,
  is_public    BOOLEAN          NOT NULL,
  description  VARCHAR(65535),
  CONSTRAINT flavors_name_unique UNIQUE (name)
);

CREATE TABLE flavor_extra_specs (
  flavor_id VARCHAR(255) NOT NULL REFERENCES flavors (id) ON DELETE CASCADE,
  spec_key  VARCHAR(255) NOT NULL,
  spec_value VARCHAR(255) NOT NULL,
  PRIMARY KEY (flavor_id, spec_key)
);
