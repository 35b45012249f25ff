-- An add-on's term: until when it runs once cancelled (NULL: running on), and who added it (operator, marketplace).
ALTER TABLE dotmac_plugin_addon ADD COLUMN ends_at TIMESTAMP;
ALTER TABLE dotmac_plugin_addon ADD COLUMN source VARCHAR(16) DEFAULT 'operator' NOT NULL;
