package io.codexlb.catalog;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The catalog snapshot served now. Every request reads it; only the refresh coordinator's
 * thread replaces it, with the snapshot a round built or followed.
 */
public final class ModelCatalog {

	private final AtomicReference<CatalogSnapshot> current;

	ModelCatalog(CatalogSnapshot initial) {
		this.current = new AtomicReference<>(initial);
	}

	public CatalogSnapshot current() {
		return this.current.get();
	}

	void serve(CatalogSnapshot snapshot) {
		this.current.set(snapshot);
	}

}
