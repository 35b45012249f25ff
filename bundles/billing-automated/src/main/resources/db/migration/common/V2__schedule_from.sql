-- When a tenant's daily schedule began (its row was created, the plugin activated for it, or the schedule switched on
-- or moved): a day's run is due only if that day's run time comes after it, so a new schedule starts at its next
-- occurrence and only a run missed while DotMac was down is caught up. NULL (rows from before): no such limit.
ALTER TABLE dotmac_billing_settings ADD COLUMN schedule_from TIMESTAMP;
