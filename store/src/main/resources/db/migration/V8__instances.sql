-- Servers. The flavor is copied as it was at boot (a later flavor change must not resize running
-- servers); ports and guest NUMA cells are small ordered lists kept as JSON.
CREATE TABLE instances (
  uuid          VARCHAR(64)   PRIMARY KEY,
  name          VARCHAR(255)  NOT NULL,
  project_id    VARCHAR(64)   NOT NULL,
  user_id       VARCHAR(64)   NOT NULL,
  flavor_json   VARCHAR(8000) NOT NULL,
  image_id      VARCHAR(64),
  port_ids_json VARCHAR(8000) NOT NULL,
  host          VARCHAR(255),
  vm_state      VARCHAR(32)   NOT NULL,
  task_state    VARCHAR(32),
  fault_code    INTEGER,
  fault_message VARCHAR(4000),
  fault_created TIMESTAMP WITH TIME ZONE,
  guest_cells_json VARCHAR(1000) NOT NULL,
  created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_at    TIMESTAMP WITH TIME ZONE NOT NULL,
  launched_at   TIMESTAMP WITH TIME ZONE,
  revision      BIGINT        NOT NULL
);

CREATE INDEX instances_project ON instances (project_id);
CREATE INDEX instances_host ON instances (host);
