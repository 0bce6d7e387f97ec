package io.codexlb.catalog;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;

import org.springframework.stereotype.Component;

/**
 * The current catalog snapshot, held in a Caffeine cache under one key.
 */
@Component
public class ModelCatalog {

	private static final String KEY = "catalog";

	private final LoadingCache<String, CatalogSnapshot> snapshots;

	ModelCatalog(CatalogProperties properties, BootstrapCatalog bootstrap, CatalogAssembler assembler) {
		this.snapshots = Caffeine.newBuilder()
			.maximumSize(1)
			.build((key) -> properties.bootstrap() ? assembler.assemble(bootstrap.document()) : assembler.empty());
		// load now: a bootstrap catalog that cannot be read is a start-up error
		this.snapshots.get(KEY);
	}

	public CatalogSnapshot current() {
		return this.snapshots.get(KEY);
	}

}
