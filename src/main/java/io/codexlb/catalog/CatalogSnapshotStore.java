package io.codexlb.catalog;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The merged catalog as stored in the database: served after a restart before any
 * upstream call.
 */
@Component
class CatalogSnapshotStore {

	/**
	 * Older snapshots kept for inspection.
	 */
	static final int KEPT = 5;

	private static final String BOOTSTRAP = "bootstrap";

	private final JdbcClient jdbc;

	CatalogSnapshotStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	Optional<StoredSnapshot> latest() {
		return this.jdbc
			.sql("SELECT version, created_at, document, source FROM catalog_snapshots "
					+ "WHERE version = (SELECT MAX(version) FROM catalog_snapshots)")
			.query((rs, rowNum) -> new StoredSnapshot(rs.getLong(1),
					Objects.requireNonNull(rs.getObject(2, OffsetDateTime.class)).toInstant(), rs.getString(3),
					BOOTSTRAP.equals(rs.getString(4))))
			.optional();
	}

	/**
	 * The newest stored version: a cheap query that followers poll.
	 * @return the version, 0 when none is stored
	 */
	long latestVersion() {
		return this.jdbc.sql("SELECT COALESCE(MAX(version), 0) FROM catalog_snapshots").query(Long.class).single();
	}

	/**
	 * Stores that the catalog fell back to the bootstrap catalog, so that followers do
	 * too.
	 * @param document what the fallback stands in for
	 * @param createdAt now
	 * @return the new version
	 */
	long saveBootstrap(String document, Instant createdAt) {
		return insert(document, BOOTSTRAP, createdAt);
	}

	long save(String document, Instant createdAt) {
		return insert(document, "upstream", createdAt);
	}

	private long insert(String document, String source, Instant createdAt) {
		long version = this.jdbc.sql("SELECT COALESCE(MAX(version), 0) + 1 FROM catalog_snapshots")
			.query(Long.class)
			.single();
		this.jdbc.sql("INSERT INTO catalog_snapshots (version, created_at, document, source) VALUES (?, ?, ?, ?)")
			.params(version, createdAt.atOffset(ZoneOffset.UTC), document, source)
			.update();
		this.jdbc.sql("DELETE FROM catalog_snapshots WHERE version <= ?").param(version - KEPT).update();
		return version;
	}

	/**
	 * A stored snapshot.
	 *
	 * @param version its version
	 * @param createdAt when it was stored
	 * @param document the merged document
	 * @param bootstrap whether the catalog fell back to the bootstrap catalog
	 */
	record StoredSnapshot(long version, Instant createdAt, String document, boolean bootstrap) {

	}

}
