package io.codexlb.catalog;

import java.util.Optional;

import io.codexlb.logging.ThrottledWarning;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;

/**
 * Follows the catalog that other replicas store: serves a stored snapshot newer than the
 * one served. Runs on the refresh coordinator's thread, between rounds.
 */
class CatalogFollower {

	private static final Logger logger = LoggerFactory.getLogger(CatalogFollower.class);

	private final ModelCatalog catalog;

	private final StoredSnapshots stored;

	private final ThrottledWarning databaseWarning;

	CatalogFollower(ModelCatalog catalog, StoredSnapshots stored, ThrottledWarning databaseWarning) {
		this.catalog = catalog;
		this.stored = stored;
		this.databaseWarning = databaseWarning;
	}

	/**
	 * Serves the newest stored snapshot if it is newer than the one served. While the
	 * database cannot be read, the served snapshot stays and a warning is logged now and
	 * then.
	 */
	void follow() {
		try {
			CatalogSnapshot current = this.catalog.current();
			CatalogSnapshot next = newer(current);
			if (next != current) {
				this.catalog.serve(next);
				logger.info("Following the stored catalog: {} version {} ({} models)", next.source(), next.version(),
						next.codexOrdered().size());
			}
		}
		catch (DataAccessException ex) {
			if (this.databaseWarning.due()) {
				logger.warn("Cannot look for a newer stored catalog, still serving version {}: {}",
						this.catalog.current().version(), ex.getClass().getSimpleName());
			}
		}
	}

	/**
	 * The snapshot to serve after this one, as far as the stored ones tell.
	 * @param current the served snapshot
	 * @return the newest stored snapshot if its version is newer, else {@code current}
	 * @throws DataAccessException if the database cannot be read
	 */
	CatalogSnapshot newer(CatalogSnapshot current) {
		if (this.stored.latestVersion() <= current.version()) {
			return current;
		}
		return this.stored.latest().orElse(current);
	}

	/**
	 * The snapshots that the replicas stored.
	 */
	interface StoredSnapshots {

		/**
		 * The newest stored version: a cheap query, asked every follow interval.
		 * @return the version, 0 when none is stored
		 */
		long latestVersion();

		/**
		 * The newest stored snapshot, read back.
		 * @return the snapshot, empty when none is stored
		 */
		Optional<CatalogSnapshot> latest();

	}

}
