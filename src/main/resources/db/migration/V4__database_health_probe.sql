-- one row the db health check writes: a database that reads but cannot write (a full disk) is not healthy
CREATE TABLE database_health_probe (
    probe_id  INT       NOT NULL PRIMARY KEY,
    probed_at TIMESTAMP NOT NULL
);

INSERT INTO database_health_probe (probe_id, probed_at) VALUES (1, CURRENT_TIMESTAMP);
