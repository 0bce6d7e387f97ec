-- The admin lists read a page newest first, then by id, from these indexes (keyset paging, no OFFSET).
CREATE INDEX ix_api_keys_created_at_id ON api_keys (created_at, id);
CREATE INDEX ix_api_keys_key_prefix ON api_keys (key_prefix);
CREATE INDEX ix_accounts_created_at_id ON accounts (created_at, id);
-- the audit log filtered by action, newest first
CREATE INDEX ix_audit_log_action_id ON audit_log (action, id);
-- the webhook outbox, newest first
CREATE INDEX ix_webhook_deliveries_created_at_id ON webhook_deliveries (created_at, id);
