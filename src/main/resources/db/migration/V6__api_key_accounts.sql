-- a key bound to accounts lists only what those accounts serve; a key that is not bound
-- (accounts_bound false, the default for every existing key) lists what all of them serve
ALTER TABLE api_keys ADD COLUMN accounts_bound BOOLEAN DEFAULT FALSE NOT NULL;

CREATE TABLE api_key_accounts (
    api_key_id VARCHAR(36) NOT NULL,
    account_id VARCHAR(36) NOT NULL,
    CONSTRAINT pk_api_key_accounts PRIMARY KEY (api_key_id, account_id),
    CONSTRAINT fk_api_key_accounts_key FOREIGN KEY (api_key_id) REFERENCES api_keys (id) ON DELETE CASCADE,
    CONSTRAINT fk_api_key_accounts_account FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE
);

CREATE INDEX ix_api_key_accounts_account ON api_key_accounts (account_id);
