package io.codexlb.catalog;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The work of a refresh round that holds the refresh lock: fetches every account's list,
 * merges the last good lists, and stores a new snapshot when the merged document changed,
 * with the changes from the snapshot before it in the same transaction.
 */
@Component
class CatalogRebuilder implements RefreshCoordinator.RoundWork {

	private static final Logger logger = LoggerFactory.getLogger(CatalogRebuilder.class);

	private final CatalogRefresher refresher;

	private final CatalogAssembler assembler;

	private final StoredCatalog stored;

	private final CatalogChangeLog changeLog;

	private final TransactionTemplate transactions;

	private final JsonMapper jsonMapper;

	private final Clock clock;

	CatalogRebuilder(CatalogRefresher refresher, CatalogAssembler assembler, StoredCatalog stored,
			CatalogChangeLog changeLog, PlatformTransactionManager transactionManager, JsonMapper jsonMapper,
			Clock clock) {
		this.refresher = refresher;
		this.assembler = assembler;
		this.stored = stored;
		this.changeLog = changeLog;
		this.transactions = new TransactionTemplate(transactionManager);
		this.jsonMapper = jsonMapper;
		this.clock = clock;
	}

	@Override
	public RefreshCoordinator.Rebuilt rebuild(CatalogSnapshot current, @Nullable RefreshRound previous,
			Duration fetchBudget) {
		Map<String, CatalogRefresher.FetchOutcome> outcomes = this.refresher.fetchAll(fetchBudget);
		// the good lists, the snapshot merged from them and the changes: all or none
		CatalogSnapshot next = Objects.requireNonNull(
				this.transactions.execute((status) -> rebuilt(current, this.refresher.recordLists(outcomes))));
		RefreshRound round = RefreshRound.after(previous, outcomes, this.clock.instant());
		if (next != current) {
			logger.info("Catalog is now {} version {} ({} models)", next.source(), next.version(),
					next.codexOrdered().size());
		}
		return new RefreshCoordinator.Rebuilt(next, round);
	}

	/**
	 * How many accounts a round would fetch now.
	 * @return the enabled, usable accounts
	 */
	int accountsToFetch() {
		return this.refresher.usableAccounts().size();
	}

	// in one transaction: the new snapshot (if any) and the round's changes
	private CatalogSnapshot rebuilt(CatalogSnapshot current, List<CatalogChangeLog.Pending> listChanges) {
		Instant now = this.clock.instant();
		ObjectNode merged = this.refresher.mergedDocument();
		// accounts that all answer with an empty list give no catalog to serve
		if (merged == null || merged.get("models").isEmpty()) {
			if (current.source() == CatalogSnapshot.Source.EMPTY) {
				return recorded(current, current, listChanges, now);
			}
			// the fallback is stored again when the accounts it stands in for change
			List<String> standIn = this.stored.standInAccounts();
			if (current.source() == CatalogSnapshot.Source.BOOTSTRAP && current.standInAccounts().equals(standIn)) {
				return recorded(current, current, listChanges, now);
			}
			CatalogSnapshot before = previous(current);
			return recorded(before, this.stored.storeFallback(now, standIn), listChanges, now);
		}
		String hash = this.assembler.hash(merged);
		if (current.source() == CatalogSnapshot.Source.UPSTREAM && hash.equals(current.documentHash())) {
			return recorded(current, current, listChanges, now);
		}
		CatalogSnapshot before = previous(current);
		return recorded(before, this.stored.store(merged, now), listChanges, now);
	}

	// what clients saw before this round: the newest stored snapshot, which is the
	// current one unless this replica has not followed another's yet
	private CatalogSnapshot previous(CatalogSnapshot current) {
		return (this.stored.latestVersion() == current.version()) ? current : this.stored.latest().orElse(current);
	}

	private CatalogSnapshot recorded(CatalogSnapshot before, CatalogSnapshot next,
			List<CatalogChangeLog.Pending> listChanges, Instant now) {
		List<CatalogChangeLog.Pending> changes = new ArrayList<>();
		if (next != before) {
			changes.addAll(CatalogDiff.models(before, next, this.jsonMapper));
		}
		changes.addAll(listChanges);
		this.changeLog.record(next.version(), now, changes);
		return next;
	}

}
