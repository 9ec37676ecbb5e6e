-- Every compute host's PCI devices with their status and holder, and the host's generation: a
-- controller changes a host's devices only if the generation is still the one it read, so that two
-- controllers sharing this database never hand one device to two guests.
CREATE TABLE pci_hosts (
  host       VARCHAR(255) PRIMARY KEY,
  generation BIGINT       NOT NULL
);

CREATE TABLE pci_devices (
  host          VARCHAR(255)  NOT NULL REFERENCES pci_hosts (host) ON DELETE CASCADE,
  address       VARCHAR(16)   NOT NULL,
  report_json   VARCHAR(4000) NOT NULL,
  tags_json     VARCHAR(4000) NOT NULL,
  parent_ifname VARCHAR(64),
  status        VARCHAR(16)   NOT NULL,
  instance_uuid VARCHAR(64),
  claim_id      VARCHAR(64),
  request_id    VARCHAR(64),
  stale         BOOLEAN       NOT NULL,
  PRIMARY KEY (host, address)
);

CREATE INDEX pci_devices_instance ON pci_devices (instance_uuid);
