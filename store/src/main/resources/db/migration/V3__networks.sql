-- Networks, subnets and ports (the networking API's records), in SQL that H2 and PostgreSQL both
-- run unchanged. Widths follow Neutron's columns. Instants come from the program's clock, so there
-- are no defaults. Lists are ordered by (created_at, id), hence the indexes that start with the
-- column a list filters on.
--
-- Foreign keys have no ON DELETE actions: the store deletes children itself, in the same
-- transaction, and a key that still has children refuses the delete (a network with ports, a
-- subnet with allocated addresses) instead of taking another controller's new port with it.

CREATE TABLE networks (
    id                VARCHAR(36)              NOT NULL PRIMARY KEY,
    name              VARCHAR(255)             NOT NULL,
    project_id        VARCHAR(255),
    network_type      VARCHAR(32)              NOT NULL,
    physical_network  VARCHAR(64),
    segmentation_id   INTEGER,
    shared            BOOLEAN                  NOT NULL,
    admin_state_up    BOOLEAN                  NOT NULL,
    mtu               INTEGER                  NOT NULL,
    created_at        TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX networks_project ON networks (project_id);

-- Allocation pools are a JSON array of {"start","end"} in one column rather than a child table:
-- they are a value of the subnet, always read and written with it and never searched, and no
-- constraint across rows (pools of one subnet not overlapping) could be declared portably anyway.
-- One column keeps a subnet one row, so listing subnets is one query without a join or fold.
CREATE TABLE subnets (
    id                VARCHAR(36)              NOT NULL PRIMARY KEY,
    name              VARCHAR(255)             NOT NULL,
    network_id        VARCHAR(36)              NOT NULL REFERENCES networks (id),
    project_id        VARCHAR(255),
    ip_version        INTEGER                  NOT NULL,
    cidr              VARCHAR(64)              NOT NULL,
    gateway_ip        VARCHAR(64),
    allocation_pools  VARCHAR                  NOT NULL,
    enable_dhcp       BOOLEAN                  NOT NULL,
    created_at        TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX subnets_network ON subnets (network_id);

-- The binding profile is a JSON object whose keys the API does not fix (pci_slot, capabilities,
-- ...), so it is text. The MAC is unique per network: the constraint, not a read before the
-- insert, is what keeps two controllers from giving one MAC to two ports.
CREATE TABLE ports (
    id                VARCHAR(36)              NOT NULL PRIMARY KEY,
    name              VARCHAR(255)             NOT NULL,
    network_id        VARCHAR(36)              NOT NULL REFERENCES networks (id),
    project_id        VARCHAR(255),
    mac_address       VARCHAR(32)              NOT NULL,
    vnic_type         VARCHAR(64)              NOT NULL,
    binding_host_id   VARCHAR(255),
    binding_profile   VARCHAR                  NOT NULL,
    binding_vif_type  VARCHAR(64),
    device_id         VARCHAR(255),
    device_owner      VARCHAR(255),
    status            VARCHAR(16)              NOT NULL,
    admin_state_up    BOOLEAN                  NOT NULL,
    created_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    revision_number   BIGINT                   NOT NULL,
    CONSTRAINT ports_mac_per_network UNIQUE (network_id, mac_address)
);
CREATE INDEX ports_project ON ports (project_id);

-- One row per address of a port. The primary key is what makes an address belong to one port
-- only, whichever controller allocates it: of two that picked the same free address, the second
-- insert fails. ordinal keeps the port's own order of its addresses.
CREATE TABLE port_fixed_ips (
    subnet_id   VARCHAR(36) NOT NULL REFERENCES subnets (id),
    ip_address  VARCHAR(64) NOT NULL,
    port_id     VARCHAR(36) NOT NULL REFERENCES ports (id),
    ordinal     INTEGER     NOT NULL,
    CONSTRAINT port_fixed_ips_pkey PRIMARY KEY (subnet_id, ip_address)
);
CREATE INDEX port_fixed_ips_port ON port_fixed_ips (port_id);
