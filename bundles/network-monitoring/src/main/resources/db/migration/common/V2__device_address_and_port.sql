-- A device is its address and port: two SNMP agents on one address (another port each, as behind a NAT or on a
-- test bench) are two devices.
ALTER TABLE dotmac_network_device DROP CONSTRAINT dotmac_network_device_address_uq;
ALTER TABLE dotmac_network_device ADD CONSTRAINT dotmac_network_device_address_uq UNIQUE (tenant_id, address, port);
