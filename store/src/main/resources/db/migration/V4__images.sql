-- Images: their metadata here, their data in files under the controller's state path. Plain SQL
-- that H2 and PostgreSQL both run unchanged; statuses, visibilities and formats are stored as the
-- API spells them. The owner is a project id without a foreign key: as in Glance, an image
-- outlives the project that made it.
CREATE TABLE images (
  id               VARCHAR(36)  PRIMARY KEY,
  name             VARCHAR(255),
  status           VARCHAR(16)  NOT NULL,
  visibility       VARCHAR(16)  NOT NULL,
  owner_project    VARCHAR(64)  NOT NULL,
  disk_format      VARCHAR(16),
  container_format VARCHAR(16),
  size_bytes       BIGINT,
  checksum         VARCHAR(32),
  os_hash_algo     VARCHAR(16),
  os_hash_value    VARCHAR(128),
  min_disk         INTEGER      NOT NULL,
  min_ram          INTEGER      NOT NULL,
  is_protected     BOOLEAN      NOT NULL,
  created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_at       TIMESTAMP WITH TIME ZONE NOT NULL
);

-- A project's list reads public images and its own.
CREATE INDEX images_owner_project ON images (owner_project);
CREATE INDEX images_visibility ON images (visibility);

-- Additional properties, free-form strings beside the schema's attributes.
CREATE TABLE image_properties (
  image_id   VARCHAR(36)    NOT NULL REFERENCES images (id) ON DELETE CASCADE,
  prop_name  VARCHAR(255)   NOT NULL,
  prop_value VARCHAR(65535) NOT NULL,
  PRIMARY KEY (image_id, prop_name)
);
