CREATE TABLE service_settings (
    setting_name  VARCHAR(100)  NOT NULL PRIMARY KEY,
    setting_value VARCHAR(1000) NOT NULL
);

CREATE TABLE accounts (
    id                      VARCHAR(36)   NOT NULL PRIMARY KEY,
    name                    VARCHAR(100)  NOT NULL,
    chatgpt_account_id      VARCHAR(200)  NOT NULL,
    chatgpt_user_id         VARCHAR(200)  NOT NULL,
    email                   VARCHAR(320),
    plan_type               VARCHAR(64),
    enabled                 BOOLEAN       NOT NULL,
    status                  VARCHAR(32)   NOT NULL,
    status_reason           VARCHAR(500),
    access_token            VARCHAR(20000) NOT NULL,
    refresh_token           VARCHAR(20000) NOT NULL,
    id_token                VARCHAR(20000),
    access_token_expires_at TIMESTAMP WITH TIME ZONE,
    tokens_refreshed_at     TIMESTAMP WITH TIME ZONE,
    created_at              TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at              TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT uk_accounts_name UNIQUE (name),
    CONSTRAINT uk_accounts_login UNIQUE (chatgpt_account_id, chatgpt_user_id)
);

CREATE TABLE account_model_lists (
    account_id      VARCHAR(36) NOT NULL PRIMARY KEY,
    models          TEXT,
    model_count     INTEGER,
    fetched_at      TIMESTAMP WITH TIME ZONE,
    last_attempt_at TIMESTAMP WITH TIME ZONE,
    last_error      VARCHAR(500),
    CONSTRAINT fk_account_model_lists_account FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE
);

CREATE TABLE catalog_snapshots (
    version    BIGINT      NOT NULL PRIMARY KEY,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    document   TEXT        NOT NULL
);
