-- A user's token version, written into their tokens (claim "ver"). Changing the user's role or status raises it,
-- which ends every token issued before; an inactive user's tokens are all refused.
ALTER TABLE dotmac_user ADD COLUMN token_version INTEGER DEFAULT 0 NOT NULL;
