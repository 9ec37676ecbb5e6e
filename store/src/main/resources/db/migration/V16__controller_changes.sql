-- Each controller's count of its committed changes to what every controller keeps in memory (hosts'
-- devices, compute services). A controller reads the hosts again only when another's count moved,
-- instead of reading every host every second when it is alone on the database.
CREATE TABLE controller_changes (
  controller_id VARCHAR(36) PRIMARY KEY,
  changes BIGINT NOT NULL
);
