package io.codexlb.catalog;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.codexlb.account.Account;
import io.codexlb.account.AccountService;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Service;

/**
 * The catalog as the admin API shows and drives it.
 */
@Service
public class CatalogAdministration {

	private final ModelCatalog catalog;

	private final RefreshCoordinator coordinator;

	private final AccountService accounts;

	private final AccountModelListStore lists;

	private final CatalogProperties properties;

	private final Clock clock;

	CatalogAdministration(ModelCatalog catalog, RefreshCoordinator coordinator, AccountService accounts,
			AccountModelListStore lists, CatalogProperties properties, Clock clock) {
		this.catalog = catalog;
		this.coordinator = coordinator;
		this.accounts = accounts;
		this.lists = lists;
		this.properties = properties;
		this.clock = clock;
	}

	public CatalogStatus status() {
		CatalogSnapshot snapshot = this.catalog.current();
		RefreshRound round = this.coordinator.lastRound().orElse(null);
		Map<String, AccountModelListStore.AccountModelList> stored = new LinkedHashMap<>();
		this.lists.all().forEach((list) -> stored.put(list.accountId(), list));
		Instant oldest = this.clock.instant().minus(this.properties.maxAge());
		List<CatalogStatus.AccountState> accountStates = this.accounts.list()
			.stream()
			.map((account) -> state(account, stored.get(account.id()), oldest))
			.toList();
		List<CatalogStatus.ModelSource> models = snapshot.codexOrdered()
			.stream()
			.map((model) -> new CatalogStatus.ModelSource(model.id(), model.advertisedBy()))
			.toList();
		return new CatalogStatus(snapshot.version(), snapshot.source().name().toLowerCase(Locale.ROOT),
				snapshot.builtAt(), (round != null) ? round.finishedAt() : null, snapshot.codexOrdered().size(),
				snapshot.listed().size(), accountStates, models);
	}

	/**
	 * Refreshes the catalog now and waits for it.
	 * @return the status after the refresh
	 */
	public CatalogStatus refresh() {
		this.coordinator.refreshNow();
		return status();
	}

	private static CatalogStatus.AccountState state(Account account,
			AccountModelListStore.@Nullable AccountModelList list, Instant oldest) {
		Instant fetchedAt = (list != null) ? list.fetchedAt() : null;
		return new CatalogStatus.AccountState(account.id(), account.name(), account.enabled(),
				account.status().wireName(), account.statusReason(), fetchedAt,
				(list != null) ? list.lastAttemptAt() : null, (list != null) ? list.lastError() : null,
				(list != null) ? list.modelCount() : 0, fetchedAt != null && !fetchedAt.isAfter(oldest));
	}

}
