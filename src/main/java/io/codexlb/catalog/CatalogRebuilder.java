package io.codexlb.catalog;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.stereotype.Component;

/**
 * The work of a refresh round that holds the refresh lock: fetches every account's list,
 * merges the last good lists, and stores a new snapshot when the merged document changed.
 */
@Component
class CatalogRebuilder implements RefreshCoordinator.RoundWork {

	private static final Logger logger = LoggerFactory.getLogger(CatalogRebuilder.class);

	private final CatalogRefresher refresher;

	private final CatalogAssembler assembler;

	private final StoredCatalog stored;

	private final Clock clock;

	CatalogRebuilder(CatalogRefresher refresher, CatalogAssembler assembler, StoredCatalog stored, Clock clock) {
		this.refresher = refresher;
		this.assembler = assembler;
		this.stored = stored;
		this.clock = clock;
	}

	@Override
	public RefreshCoordinator.Rebuilt rebuild(CatalogSnapshot current, @Nullable RefreshRound previous) {
		Map<String, CatalogRefresher.FetchOutcome> outcomes = this.refresher.fetchAll();
		CatalogSnapshot next = rebuilt(current);
		RefreshRound round = RefreshRound.after(previous, outcomes, this.clock.instant());
		if (next != current) {
			logger.info("Catalog is now {} version {} ({} models)", next.source(), next.version(),
					next.codexOrdered().size());
		}
		return new RefreshCoordinator.Rebuilt(next, round);
	}

	private CatalogSnapshot rebuilt(CatalogSnapshot current) {
		ObjectNode merged = this.refresher.mergedDocument();
		// accounts that all answer with an empty list give no catalog to serve
		if (merged == null || merged.get("models").isEmpty()) {
			if (current.source() == CatalogSnapshot.Source.EMPTY) {
				return current;
			}
			// the fallback is stored again when the accounts it stands in for change
			List<String> standIn = this.stored.enabledAccounts();
			if (current.source() == CatalogSnapshot.Source.BOOTSTRAP && current.standInAccounts().equals(standIn)) {
				return current;
			}
			return this.stored.storeFallback(this.clock.instant(), standIn);
		}
		String hash = this.assembler.hash(merged);
		if (current.source() == CatalogSnapshot.Source.UPSTREAM && hash.equals(current.documentHash())) {
			return current;
		}
		return this.stored.store(merged, this.clock.instant());
	}

}
