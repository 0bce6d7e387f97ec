package io.codexlb.catalog;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.stereotype.Component;

/**
 * Builds a snapshot from a model list in the upstream's shape ({@code {"models":[...]}}).
 */
@Component
class CatalogAssembler {

	private final ModelFirstSeenStore firstSeenStore;

	private final Clock clock;

	private final AtomicLong versions = new AtomicLong();

	CatalogAssembler(ModelFirstSeenStore firstSeenStore, Clock clock) {
		this.firstSeenStore = firstSeenStore;
		this.clock = clock;
	}

	/**
	 * Builds a snapshot. Entries without a usable slug are skipped; of two entries with
	 * the same slug the first wins.
	 * @param document the upstream-shaped document
	 * @return the snapshot
	 * @throws IllegalArgumentException if the document has no {@code models} array
	 */
	CatalogSnapshot assemble(JsonNode document) {
		JsonNode models = document.get("models");
		if (models == null || !models.isArray()) {
			throw new IllegalArgumentException("A model list needs a top-level \"models\" array");
		}
		Map<String, ObjectNode> entries = new LinkedHashMap<>();
		for (JsonNode entry : models) {
			ObjectNode normalized = CodexEntries.normalize(entry);
			if (normalized != null) {
				entries.putIfAbsent(normalized.get("slug").stringValue(), normalized);
			}
		}
		List<String> withoutCreated = entries.values()
			.stream()
			.filter((entry) -> CatalogModelMapper.upstreamCreated(entry) == null)
			.map((entry) -> entry.get("slug").stringValue())
			.toList();
		Map<String, Long> firstSeen = withoutCreated.isEmpty() ? Map.of()
				: this.firstSeenStore.firstSeen(withoutCreated);
		List<CatalogModel> catalogModels = new ArrayList<>(entries.size());
		entries.forEach((slug, entry) -> {
			Long created = CatalogModelMapper.upstreamCreated(entry);
			catalogModels.add(CatalogModelMapper.map(entry, (created != null) ? created : firstSeen.get(slug)));
		});
		return new CatalogSnapshot(this.versions.incrementAndGet(), this.clock.instant(), catalogModels);
	}

	CatalogSnapshot empty() {
		return new CatalogSnapshot(this.versions.incrementAndGet(), this.clock.instant(), List.of());
	}

}
