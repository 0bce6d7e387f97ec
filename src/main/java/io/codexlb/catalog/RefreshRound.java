package io.codexlb.catalog;

import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A refresh round that ran: when it finished, and what each account answered.
 *
 * @param finishedAt when it finished
 * @param confirmedAt when an account last answered with a good list, if ever
 * @param outcomes each fetched account's outcome, by account id
 */
record RefreshRound(Instant finishedAt, @Nullable Instant confirmedAt,
		Map<String, CatalogRefresher.FetchOutcome> outcomes) {

	/**
	 * The round that finished now with these outcomes.
	 * @param previous the round before it, if one ran
	 * @param outcomes each fetched account's outcome
	 * @param now when it finished
	 * @return the round, confirmed now if an account answered with a good list, else when
	 * the previous round was
	 */
	static RefreshRound after(@Nullable RefreshRound previous, Map<String, CatalogRefresher.FetchOutcome> outcomes,
			Instant now) {
		Instant confirmedAt = outcomes.values().stream().anyMatch((outcome) -> outcome.models() != null) ? now
				: (previous != null) ? previous.confirmedAt() : null;
		return new RefreshRound(now, confirmedAt, outcomes);
	}

}
