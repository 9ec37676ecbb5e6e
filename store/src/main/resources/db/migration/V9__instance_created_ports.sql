-- Ports a server's boot made from a network it was given (rather than ports the user made): they
-- are deleted with the server, while the user's own ports survive it, as in Nova.
ALTER TABLE instances ADD COLUMN created_port_ids_json VARCHAR(8000) DEFAULT '[]' NOT NULL;
