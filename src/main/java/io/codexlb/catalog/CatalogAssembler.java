package io.codexlb.catalog;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.stereotype.Component;

/**
 * Builds a snapshot from a model list in the upstream's shape ({@code {"models":[...]}},
 * optionally with {@code "advertised_by":{"slug":["account id",...]}}), applying the
 * operator's overrides.
 */
@Component
class CatalogAssembler {

	private final ModelFirstSeenStore firstSeenStore;

	private final CatalogProperties properties;

	private final JsonMapper jsonMapper;

	private final Clock clock;

	private final AtomicLong sequences = new AtomicLong();

	CatalogAssembler(ModelFirstSeenStore firstSeenStore, CatalogProperties properties, JsonMapper jsonMapper,
			Clock clock) {
		this.firstSeenStore = firstSeenStore;
		this.properties = properties;
		this.jsonMapper = jsonMapper;
		this.clock = clock;
	}

	/**
	 * Builds a snapshot. Entries without a usable slug are skipped; of two entries with
	 * the same slug the first wins.
	 * @param document the upstream-shaped document
	 * @param version the stored version, 0 if not stored
	 * @param source where the document comes from
	 * @return the snapshot
	 * @throws IllegalArgumentException if the document has no {@code models} array
	 */
	CatalogSnapshot assemble(JsonNode document, long version, CatalogSnapshot.Source source) {
		return assemble(document, version, source, List.of());
	}

	/**
	 * Builds the snapshot of the bootstrap catalog.
	 * @param document the bootstrap catalog
	 * @param version the stored version, 0 if not stored
	 * @param standInAccounts the enabled accounts it stands in for
	 * @return the snapshot
	 */
	CatalogSnapshot bootstrap(JsonNode document, long version, List<String> standInAccounts) {
		return assemble(document, version, CatalogSnapshot.Source.BOOTSTRAP, standInAccounts);
	}

	private CatalogSnapshot assemble(JsonNode document, long version, CatalogSnapshot.Source source,
			List<String> standInAccounts) {
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
		JsonNode advertisedBy = document.path("advertised_by");
		List<CatalogModel> catalogModels = new ArrayList<>(entries.size());
		entries.forEach((slug, entry) -> {
			Long created = CatalogModelMapper.upstreamCreated(entry);
			List<String> accounts = new ArrayList<>();
			advertisedBy.path(slug).forEach((account) -> accounts.add(account.asString()));
			catalogModels.add(CatalogModelMapper.map(entry, (created != null) ? created : firstSeen.get(slug),
					this.properties.overrides().get(slug), accounts));
		});
		return new CatalogSnapshot(version, this.sequences.incrementAndGet(), this.clock.instant(), source,
				hash(document), catalogModels, standInAccounts);
	}

	CatalogSnapshot empty(long version) {
		return new CatalogSnapshot(version, this.sequences.incrementAndGet(), this.clock.instant(),
				CatalogSnapshot.Source.EMPTY, "", List.of(), List.of());
	}

	String hash(JsonNode document) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(this.jsonMapper.writeValueAsBytes(document));
			return HexFormat.of().formatHex(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
