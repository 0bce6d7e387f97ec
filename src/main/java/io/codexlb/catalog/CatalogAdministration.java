package io.codexlb.catalog;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.codexlb.account.Account;
import io.codexlb.account.AccountService;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

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

	private final JsonMapper jsonMapper;

	CatalogAdministration(ModelCatalog catalog, RefreshCoordinator coordinator, AccountService accounts,
			AccountModelListStore lists, CatalogProperties properties, Clock clock, JsonMapper jsonMapper) {
		this.jsonMapper = jsonMapper;
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
		Map<String, AccountModelListStore.AccountModelList> stored = this.lists.byAccount();
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
	 * Explains the served catalog to a key: the same scope the models routes render with,
	 * and what each account's last good list has.
	 * @param scope the key's scope
	 * @return the explanation
	 */
	public CatalogExplanation explain(CatalogScope scope) {
		CatalogSnapshot snapshot = this.catalog.current();
		Map<String, AccountModelListStore.AccountModelList> stored = this.lists.byAccount();
		Instant oldest = this.clock.instant().minus(this.properties.maxAge());
		List<CatalogExplanation.AccountModels> accountModels = this.accounts.list().stream().map((account) -> {
			AccountModelListStore.AccountModelList list = stored.get(account.id());
			return CatalogExplanation.AccountModels.of(account.id(), account.enabled(),
					list == null || !list.fetchedAfter(oldest), (list != null) ? slugs(list.models()) : null);
		}).toList();
		return CatalogExplanation.explain(snapshot, scope, accountModels);
	}

	/**
	 * Refreshes the catalog now and waits for it.
	 * @return the status after the refresh
	 */
	public CatalogStatus refresh() {
		this.coordinator.refreshNow();
		return status();
	}

	// an unreadable stored list has no models to explain
	private @Nullable Set<String> slugs(@Nullable String models) {
		if (models == null) {
			return null;
		}
		try {
			Set<String> slugs = new TreeSet<>();
			for (JsonNode entry : this.jsonMapper.readTree(models)) {
				ObjectNode normalized = CodexEntries.normalize(entry);
				if (normalized != null) {
					slugs.add(normalized.get("slug").stringValue());
				}
			}
			return slugs;
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	private static CatalogStatus.AccountState state(Account account,
			AccountModelListStore.@Nullable AccountModelList list, Instant oldest) {
		Instant fetchedAt = (list != null) ? list.fetchedAt() : null;
		return new CatalogStatus.AccountState(account.id(), account.name(), account.enabled(),
				account.status().wireName(), account.statusReason(), fetchedAt,
				(list != null) ? list.lastAttemptAt() : null, (list != null) ? list.lastError() : null,
				(list != null) ? list.modelCount() : 0,
				fetchedAt != null && list != null && !list.fetchedAfter(oldest));
	}

}
