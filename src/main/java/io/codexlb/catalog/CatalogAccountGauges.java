package io.codexlb.catalog;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.codexlb.account.Account;
import io.codexlb.account.AccountService;
import io.codexlb.account.AccountStatus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * The accounts by state, as {@code codex_lb_catalog_accounts{state}}: read from the
 * database at most every {@link #MAX_AGE}, so that every replica reports the same counts
 * and a scrape costs no query most of the time.
 */
@Component
class CatalogAccountGauges implements MeterBinder {

	static final Duration MAX_AGE = Duration.ofSeconds(10);

	private final AccountService accounts;

	private final AccountModelListStore lists;

	private final Clock clock;

	private @Nullable Map<State, Integer> counts;

	private @Nullable Instant countedAt;

	CatalogAccountGauges(AccountService accounts, AccountModelListStore lists, Clock clock) {
		this.accounts = accounts;
		this.lists = lists;
		this.clock = clock;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		for (State state : State.values()) {
			Gauge.builder("codex_lb_catalog_accounts", () -> count(state))
				.description("Accounts by state: healthy (last fetch good), failing (last fetch failed, or none yet), "
						+ "reauth_required, disabled")
				.tag("state", state.tagValue())
				.register(registry);
		}
	}

	private synchronized double count(State state) {
		Instant now = this.clock.instant();
		if (this.countedAt == null || !now.isBefore(this.countedAt.plus(MAX_AGE))) {
			try {
				this.counts = count(this.accounts.list(), this.lists.fetchesByAccount());
			}
			catch (DataAccessException ex) {
				// the database is down: the last counts stand (none before the first)
			}
			this.countedAt = now;
		}
		Map<State, Integer> current = this.counts;
		return (current != null) ? current.getOrDefault(state, 0) : Double.NaN;
	}

	static Map<State, Integer> count(List<Account> accounts,
			Map<String, AccountModelListStore.AccountModelList> lists) {
		Map<State, Integer> counts = new EnumMap<>(State.class);
		for (State state : State.values()) {
			counts.put(state, 0);
		}
		for (Account account : accounts) {
			counts.merge(state(account, lists.get(account.id())), 1, Integer::sum);
		}
		return counts;
	}

	private static State state(Account account, AccountModelListStore.@Nullable AccountModelList list) {
		if (!account.enabled()) {
			return State.DISABLED;
		}
		if (account.status() == AccountStatus.REAUTH_REQUIRED) {
			return State.REAUTH_REQUIRED;
		}
		boolean lastFetchGood = list != null && list.fetchedAt() != null && list.lastError() == null;
		return lastFetchGood ? State.HEALTHY : State.FAILING;
	}

	/**
	 * An account's state, as the {@code state} tag names it.
	 */
	enum State {

		/**
		 * Enabled and active, and its last fetch brought a good list.
		 */
		HEALTHY,

		/**
		 * Enabled and active, but its last fetch failed, or it has not been fetched yet.
		 */
		FAILING,

		/**
		 * Enabled, but its tokens were refused: it needs a new login.
		 */
		REAUTH_REQUIRED,

		/**
		 * Disabled by the operator.
		 */
		DISABLED;

		String tagValue() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

}
