-- Each host's report (capacity, NUMA cells, every device) apart from its service row. Heartbeats
-- rewrite a service's row every few seconds and every controller reads all rows back every few
-- seconds; neither needs the report, the largest part of the row by far, which changes only when
-- the host registers.
CREATE TABLE compute_service_reports (
  host        VARCHAR(255)     PRIMARY KEY,
  report_json VARCHAR(1000000) NOT NULL,
  CONSTRAINT compute_service_reports_host_fk FOREIGN KEY (host) REFERENCES compute_services (host)
);
INSERT INTO compute_service_reports (host, report_json) SELECT host, report_json FROM compute_services;
ALTER TABLE compute_services DROP COLUMN report_json;
