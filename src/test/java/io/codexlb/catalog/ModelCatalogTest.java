package io.codexlb.catalog;

import org.junit.jupiter.api.Test;

import static io.codexlb.catalog.TestSnapshots.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The holder of the served snapshot.
 */
class ModelCatalogTest {

	@Test
	void currentShouldBeTheInitialSnapshotUntilAnotherIsServed() {
		CatalogSnapshot initial = snapshot(0, CatalogSnapshot.Source.BOOTSTRAP);
		ModelCatalog catalog = new ModelCatalog(initial);
		assertThat(catalog.current()).isSameAs(initial);
		assertThat(catalog.current()).isSameAs(initial);
		CatalogSnapshot next = snapshot(1, CatalogSnapshot.Source.UPSTREAM);
		catalog.serve(next);
		assertThat(catalog.current()).isSameAs(next);
	}

}
