package io.codexlb.catalog;

import java.time.Duration;

/**
 * How long a refresh round may fetch, and so how long it holds the refresh lock: derived
 * from the number of accounts, the fetch concurrency and the upstream timeouts, and
 * capped at half the refresh interval, so that a round of many slow accounts ends (its
 * late fetches cancelled, their last good lists kept) well before the next one is due,
 * and the lock never expires while its round runs.
 *
 * @param callDeadline the longest one upstream call can take (connect and two reads)
 * @param fetchConcurrency how many accounts are fetched at once
 * @param refreshInterval how often a round runs
 */
record RoundDeadline(Duration callDeadline, int fetchConcurrency, Duration refreshInterval) {

	/**
	 * The time a round has, past its fetches, to store what it fetched: the lock outlives
	 * the fetch budget by this much.
	 */
	static final Duration STORE_MARGIN = Duration.ofSeconds(30);

	// a token refresh, a fetch and its retry
	private static final int CALLS_PER_ACCOUNT = 3;

	/**
	 * How long the fetches of a round may take: every wave of accounts (one per fetcher)
	 * making its three calls to their deadline, at most half the refresh interval; one
	 * account's three calls always fit.
	 * @param accounts the accounts the round fetches
	 * @return the budget
	 */
	Duration fetchBudget(int accounts) {
		long waves = Math.max(1, ((long) accounts + this.fetchConcurrency - 1) / this.fetchConcurrency);
		Duration oneWave = this.callDeadline.multipliedBy(CALLS_PER_ACCOUNT);
		Duration cap = max(this.refreshInterval.dividedBy(2), oneWave);
		return min(oneWave.multipliedBy(waves), cap);
	}

	/**
	 * When the refresh lock of a round fetching {@code accounts} expires if its holder
	 * dies: its fetch budget and the time to store.
	 * @param accounts the accounts the round fetches
	 * @return the lock's maximum time
	 */
	Duration lockAtMostFor(int accounts) {
		return fetchBudget(accounts).plus(STORE_MARGIN);
	}

	/**
	 * The longest any round can take, whatever the number of accounts: how long an
	 * admin's refresh waits for its round.
	 * @return the longest round
	 */
	Duration longest() {
		return lockAtMostFor(Integer.MAX_VALUE);
	}

	private static Duration max(Duration one, Duration two) {
		return (one.compareTo(two) >= 0) ? one : two;
	}

	private static Duration min(Duration one, Duration two) {
		return (one.compareTo(two) <= 0) ? one : two;
	}

}
