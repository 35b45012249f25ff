-- An interface its operator shut down (ifAdminStatus down) is ADMIN_DOWN, not DOWN: room for the longer status.
ALTER TABLE dotmac_network_interface ALTER COLUMN status SET DATA TYPE VARCHAR(10);
