package io.codexlb.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.codexlb.support.MutableClock;
import tools.jackson.databind.json.JsonMapper;

/**
 * Snapshots for the unit tests of the catalog's parts.
 */
final class TestSnapshots {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final AtomicLong sequences = new AtomicLong();

	private TestSnapshots() {
	}

	static CatalogSnapshot snapshot(long version, CatalogSnapshot.Source source) {
		return snapshot(version, source, 0);
	}

	static CatalogSnapshot snapshot(long version, CatalogSnapshot.Source source, int modelCount) {
		List<CatalogModel> models = new ArrayList<>();
		for (int i = 0; i < modelCount; i++) {
			models.add(CatalogModelMapper.map(CodexEntries.normalize(json.readTree("{\"slug\":\"model-" + i + "\"}")),
					1750000000));
		}
		return new CatalogSnapshot(version, sequences.incrementAndGet(), MutableClock.START, source, "hash-" + version,
				models, List.of());
	}

}
