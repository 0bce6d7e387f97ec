-- ShedLock's table: one replica at a time refreshes the catalog or an account's tokens
CREATE TABLE shedlock (
    name       VARCHAR(64)  NOT NULL PRIMARY KEY,
    lock_until TIMESTAMP    NOT NULL,
    locked_at  TIMESTAMP    NOT NULL,
    locked_by  VARCHAR(255) NOT NULL
);

-- a counter per kind of change that replicas poll to drop what they cached
CREATE TABLE change_versions (
    name    VARCHAR(64) NOT NULL PRIMARY KEY,
    version BIGINT      NOT NULL
);

INSERT INTO change_versions (name, version) VALUES ('api_keys', 0);

-- the leader also stores its decision to fall back to the bootstrap catalog, for the followers
ALTER TABLE catalog_snapshots ADD COLUMN source VARCHAR(16) DEFAULT 'upstream' NOT NULL;
