-- A fault's details, shown to administrators only (as Nova's fault details): for a server that
-- found no valid host, each refused host with the filter that refused it and why.
ALTER TABLE instances ADD COLUMN fault_details VARCHAR(1000000);
