package io.codexlb.catalog;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import io.codexlb.account.AccessTokens;
import io.codexlb.account.Account;
import io.codexlb.account.AccountService;
import io.codexlb.account.AccountUnusableException;
import io.codexlb.upstream.UpstreamModels;
import io.codexlb.upstream.UpstreamModelsClient;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * Fetches every usable account's model list, concurrently and each within its own
 * deadline, keeps each account's last good list, and merges the lists into one catalog
 * document.
 */
@Component
class CatalogRefresher {

	private static final Logger logger = LoggerFactory.getLogger(CatalogRefresher.class);

	private static final String FETCHES_METER = "codex_lb_catalog_refreshes";

	private final AccountService accounts;

	private final AccessTokens accessTokens;

	private final UpstreamModelsClient client;

	private final AccountModelListStore lists;

	private final CatalogProperties properties;

	private final JsonMapper jsonMapper;

	private final Clock clock;

	private final MeterRegistry meterRegistry;

	private final ExecutorService fetchers;

	CatalogRefresher(AccountService accounts, AccessTokens accessTokens, UpstreamModelsClient client,
			AccountModelListStore lists, CatalogProperties properties, JsonMapper jsonMapper, Clock clock,
			MeterRegistry meterRegistry) {
		this.accounts = accounts;
		this.accessTokens = accessTokens;
		this.client = client;
		this.lists = lists;
		this.properties = properties;
		this.jsonMapper = jsonMapper;
		this.clock = clock;
		this.meterRegistry = meterRegistry;
		this.fetchers = Executors.newFixedThreadPool(properties.fetchConcurrency(), daemonThreads());
	}

	/**
	 * Fetches every enabled, active account once. A failed fetch is recorded now and
	 * leaves that account's last good list in place; the good lists are recorded by
	 * {@link #recordLists}, in the round's transaction. The fetches not done within the
	 * budget are cancelled: one not started never starts, one running stops before its
	 * next call; both count as failed, and their accounts keep their last good lists.
	 * @param budget how long the fetches may take
	 * @return each account's outcome, by account id
	 */
	Map<String, FetchOutcome> fetchAll(Duration budget) {
		List<Account> accounts = this.accounts.list();
		forgetRemovedAccounts(accounts);
		List<Account> usable = accounts.stream().filter(Account::usable).toList();
		long deadline = System.nanoTime() + budget.toNanos();
		Map<String, Future<FetchOutcome>> fetches = new LinkedHashMap<>();
		// the accounts beyond the concurrency wait for a free fetcher
		for (Account account : usable) {
			fetches.put(account.id(), this.fetchers.submit(() -> fetch(account)));
		}
		Map<String, FetchOutcome> outcomes = new LinkedHashMap<>();
		try {
			for (Map.Entry<String, Future<FetchOutcome>> fetch : fetches.entrySet()) {
				FetchOutcome outcome = outcome(fetch.getValue(), deadline, budget);
				outcomes.put(fetch.getKey(), outcome);
				count(fetch.getKey(), outcome);
				if (outcome.models() == null) {
					recordFailure(fetch.getKey(), outcome);
				}
			}
		}
		finally {
			// an interrupted round leaves no fetch behind
			fetches.values().forEach((fetch) -> fetch.cancel(true));
		}
		return outcomes;
	}

	List<Account> usableAccounts() {
		return this.accounts.list().stream().filter(Account::usable).toList();
	}

	private static FetchOutcome outcome(Future<FetchOutcome> fetch, long deadline, Duration budget) {
		try {
			return fetch.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			fetch.cancel(true);
			return FetchOutcome.failed("fetch did not finish within the round's " + budget.toMillis() + " ms");
		}
		catch (ExecutionException ex) {
			// fetch() answers every failure it knows; the class only, as fetch() logs it
			return FetchOutcome.failed("internal error (" + ex.getCause().getClass().getSimpleName() + ")");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("the catalog refresh was interrupted", ex);
		}
	}

	/**
	 * Stores the good lists of a round's fetches, in the caller's transaction: the
	 * round's snapshot and changes are written with them, or none of them is.
	 * @param outcomes the round's outcomes
	 * @return the accounts whose stored list gained or lost models
	 */
	List<CatalogChangeLog.Pending> recordLists(Map<String, FetchOutcome> outcomes) {
		Instant now = this.clock.instant();
		List<CatalogChangeLog.Pending> listChanges = new ArrayList<>();
		outcomes.forEach((accountId, outcome) -> {
			JsonNode models = outcome.models();
			if (models == null) {
				return;
			}
			String before = this.lists.models(accountId);
			if (this.lists.recordSuccess(accountId, this.jsonMapper.writeValueAsString(models), outcome.modelCount(),
					now)) {
				CatalogChangeLog.@Nullable Pending listChange = CatalogDiff.account(accountId, slugs(before),
						CatalogDiff.slugs(models), this.jsonMapper);
				if (listChange != null) {
					listChanges.add(listChange);
				}
			}
		});
		return listChanges;
	}

	/**
	 * Merges the last good lists of the enabled accounts that are not older than the
	 * maximum age.
	 * @return the merged document, or {@code null} when no account has a usable list
	 */
	@Nullable ObjectNode mergedDocument() {
		Instant oldest = this.clock.instant().minus(this.properties.maxAge());
		Map<String, AccountModelListStore.AccountModelList> stored = this.lists.byAccount();
		List<CatalogMerger.AccountList> usable = new ArrayList<>();
		this.accounts.list()
			.stream()
			.filter(Account::enabled)
			.sorted(Comparator.comparing(Account::createdAt).thenComparing(Account::id))
			.forEach((account) -> {
				AccountModelListStore.AccountModelList list = stored.get(account.id());
				if (list != null && list.models() != null && list.fetchedAfter(oldest)) {
					usable.add(new CatalogMerger.AccountList(account.id(),
							this.jsonMapper.readTree(Objects.requireNonNull(list.models()))));
				}
			});
		return usable.isEmpty() ? null : CatalogMerger.merge(usable, this.jsonMapper);
	}

	private FetchOutcome fetch(Account account) {
		try {
			String token = this.accessTokens.accessToken(account);
			UpstreamModels answer = this.client.fetch(token, account.chatgptAccountId());
			if (answer instanceof UpstreamModels.Unauthorized) {
				if (Thread.currentThread().isInterrupted()) {
					return FetchOutcome.failed("cancelled at the end of the round");
				}
				token = this.accessTokens.refreshRejected(account, token);
				answer = this.client.fetch(token, account.chatgptAccountId());
				if (answer instanceof UpstreamModels.Unauthorized) {
					return FetchOutcome.failed("upstream refused the refreshed access token (HTTP 401)");
				}
			}
			if (answer instanceof UpstreamModels.Failed failed) {
				return FetchOutcome.failed(failed.reason());
			}
			return checked(((UpstreamModels.Fetched) answer).document());
		}
		catch (AccountUnusableException ex) {
			return ex.reauthRequired() ? FetchOutcome.reauthRequired(ex.getMessage())
					: FetchOutcome.failed(ex.getMessage());
		}
		catch (RuntimeException ex) {
			// the class only: a message could quote a request header
			logger.warn("Fetching the models of account {} failed: {}", account.id(), ex.getClass().getName());
			return FetchOutcome.failed("internal error (" + ex.getClass().getSimpleName() + ")");
		}
	}

	private static FetchOutcome checked(JsonNode document) {
		JsonNode models = document.get("models");
		if (!document.isObject() || models == null || !models.isArray()) {
			return FetchOutcome.failed("upstream answer has no \"models\" array");
		}
		int usable = 0;
		for (JsonNode entry : models) {
			usable += (CodexEntries.normalize(entry) != null) ? 1 : 0;
		}
		if (usable == 0 && !models.isEmpty()) {
			return FetchOutcome.failed("no entry of the upstream answer has a slug");
		}
		return FetchOutcome.fetched(models, usable);
	}

	// an unreadable stored list counts as none: its account gains every model
	private @Nullable Set<String> slugs(@Nullable String models) {
		try {
			return (models != null) ? CatalogDiff.slugs(this.jsonMapper.readTree(models)) : null;
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	private void recordFailure(String accountId, FetchOutcome outcome) {
		try {
			this.lists.recordFailure(accountId, Objects.requireNonNull(outcome.error()), this.clock.instant());
		}
		catch (DataAccessException ex) {
			logger.warn("Could not record the refresh of account {}: {}", accountId, ex.getClass().getSimpleName());
		}
		logger.warn("Could not refresh the models of account {}: {}", accountId, outcome.error());
	}

	// the counters of an account stay while it does: one set per account ever added
	// would grow without end
	private void forgetRemovedAccounts(List<Account> accounts) {
		Set<String> ids = accounts.stream().map(Account::id).collect(Collectors.toSet());
		for (Meter meter : this.meterRegistry.find(FETCHES_METER).meters()) {
			if (!ids.contains(meter.getId().getTag("account"))) {
				this.meterRegistry.remove(meter);
			}
		}
	}

	private void count(String accountId, FetchOutcome outcome) {
		Counter.builder(FETCHES_METER)
			.description("Model list fetches by account and outcome")
			.tag("account", accountId)
			.tag("outcome", outcome.kind().tagValue())
			.register(this.meterRegistry)
			.increment();
	}

	@PreDestroy
	void stop() {
		this.fetchers.shutdownNow();
	}

	private static ThreadFactory daemonThreads() {
		AtomicInteger count = new AtomicInteger();
		return (runnable) -> {
			Thread thread = new Thread(runnable, "catalog-fetch-" + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

	/**
	 * The outcome of fetching one account's list.
	 *
	 * @param models the fetched {@code models} array, {@code null} on failure
	 * @param modelCount its usable entries
	 * @param error why the fetch failed, {@code null} on success
	 * @param kind whether the fetch succeeded, failed, or found the account in need of a
	 * new login
	 */
	record FetchOutcome(@Nullable JsonNode models, int modelCount, @Nullable String error, Kind kind) {

		static FetchOutcome fetched(JsonNode models, int modelCount) {
			return new FetchOutcome(models, modelCount, null, Kind.SUCCESS);
		}

		static FetchOutcome failed(String error) {
			return new FetchOutcome(null, 0, error, Kind.ERROR);
		}

		static FetchOutcome reauthRequired(String error) {
			return new FetchOutcome(null, 0, error, Kind.REAUTH_REQUIRED);
		}

		/**
		 * What a fetch came to, as the {@code outcome} tag of
		 * {@code codex_lb_catalog_refreshes} names it.
		 */
		enum Kind {

			/**
			 * The account answered with a usable list.
			 */
			SUCCESS("success"),

			/**
			 * The fetch failed; the account's last good list stays.
			 */
			ERROR("error"),

			/**
			 * The OAuth server refused the account's refresh token.
			 */
			REAUTH_REQUIRED("reauth_required");

			private final String tagValue;

			Kind(String tagValue) {
				this.tagValue = tagValue;
			}

			String tagValue() {
				return this.tagValue;
			}

		}

	}

}
