package io.codexlb.catalog;

import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * Stored snapshots for the unit tests: the newest one that another replica "stored", or a
 * database that fails.
 */
final class FakeStoredSnapshots implements CatalogFollower.StoredSnapshots {

	private @Nullable CatalogSnapshot newest;

	private @Nullable RuntimeException failure;

	private int reads;

	void store(CatalogSnapshot snapshot) {
		this.newest = snapshot;
	}

	void fail(@Nullable RuntimeException failure) {
		this.failure = failure;
	}

	/**
	 * How often the newest snapshot was read back, beyond its version.
	 * @return the reads
	 */
	int reads() {
		return this.reads;
	}

	@Override
	public long latestVersion() {
		if (this.failure != null) {
			throw this.failure;
		}
		return (this.newest != null) ? this.newest.version() : 0;
	}

	@Override
	public Optional<CatalogSnapshot> latest() {
		if (this.failure != null) {
			throw this.failure;
		}
		this.reads++;
		return Optional.ofNullable(this.newest);
	}

}
