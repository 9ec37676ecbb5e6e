-- How many times each host registered: a controller that keeps the hosts' reports in memory
-- reads a report again only when this count changed, instead of re-reading every report.
ALTER TABLE compute_services ADD COLUMN registrations BIGINT DEFAULT 1 NOT NULL;
