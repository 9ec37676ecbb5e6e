-- Compute agents: one service record per host, with its latest report (hypervisor, capacity, vDPA
-- support, devices) kept whole as JSON: it is written by one agent and read as a whole.
CREATE TABLE compute_services (
  id              VARCHAR(64)   PRIMARY KEY,
  host            VARCHAR(255)  NOT NULL,
  version         INTEGER       NOT NULL,
  disabled        BOOLEAN       NOT NULL,
  disabled_reason VARCHAR(255),
  forced_down     BOOLEAN       NOT NULL,
  last_seen_at    TIMESTAMP WITH TIME ZONE NOT NULL,
  created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
  agent_url       VARCHAR(1024),
  heartbeat_interval INTEGER    NOT NULL,
  report_json     VARCHAR(1000000) NOT NULL,
  CONSTRAINT compute_services_host_unique UNIQUE (host)
);
