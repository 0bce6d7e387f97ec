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

	private final JdbcClient jdbc;

	CatalogSnapshotStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	Optional<StoredSnapshot> latest() {
		return this.jdbc
			.sql("SELECT version, created_at, document FROM catalog_snapshots "
					+ "WHERE version = (SELECT MAX(version) FROM catalog_snapshots)")
			.query((rs, rowNum) -> new StoredSnapshot(rs.getLong(1),
					Objects.requireNonNull(rs.getObject(2, OffsetDateTime.class)).toInstant(), rs.getString(3)))
			.optional();
	}

	long save(String document, Instant createdAt) {
		long version = this.jdbc.sql("SELECT COALESCE(MAX(version), 0) + 1 FROM catalog_snapshots")
			.query(Long.class)
			.single();
		this.jdbc.sql("INSERT INTO catalog_snapshots (version, created_at, document) VALUES (?, ?, ?)")
			.params(version, createdAt.atOffset(ZoneOffset.UTC), document)
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
	 */
	record StoredSnapshot(long version, Instant createdAt, String document) {

	}

}
