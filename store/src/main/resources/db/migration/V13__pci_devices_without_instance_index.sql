-- No query looks devices up by their holder: a controller answers that from its trackers, and
-- reads a host's devices by host. The index only cost every claim, allocation and free a write
-- of its own pages.
DROP INDEX pci_devices_instance;
