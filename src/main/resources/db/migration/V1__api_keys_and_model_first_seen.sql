CREATE TABLE api_keys (
    id             VARCHAR(36)  NOT NULL PRIMARY KEY,
    name           VARCHAR(100) NOT NULL,
    key_hash       CHAR(64)     NOT NULL,
    key_prefix     VARCHAR(12)  NOT NULL,
    is_admin       BOOLEAN      NOT NULL,
    is_active      BOOLEAN      NOT NULL,
    expires_at     TIMESTAMP WITH TIME ZONE,
    requests_per_minute INTEGER,
    requests_per_day    INTEGER,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    last_used_at   TIMESTAMP WITH TIME ZONE,
    CONSTRAINT uk_api_keys_key_hash UNIQUE (key_hash),
    CONSTRAINT uk_api_keys_name UNIQUE (name)
);

CREATE TABLE api_key_allowed_models (
    api_key_id VARCHAR(36)  NOT NULL,
    model_id   VARCHAR(200) NOT NULL,
    CONSTRAINT pk_api_key_allowed_models PRIMARY KEY (api_key_id, model_id),
    CONSTRAINT fk_api_key_allowed_models_key FOREIGN KEY (api_key_id) REFERENCES api_keys (id) ON DELETE CASCADE
);

CREATE TABLE model_first_seen (
    model_id      VARCHAR(200) NOT NULL PRIMARY KEY,
    first_seen_at BIGINT       NOT NULL
);
