package io.codexlb.catalog;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.codexlb.support.MutableClock;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When a round counts as confirmed by the accounts.
 */
class RefreshRoundTest {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final Instant EARLIER = MutableClock.START;

	private static final Instant NOW = MutableClock.START.plus(Duration.ofMinutes(5));

	private static final CatalogRefresher.FetchOutcome GOOD = CatalogRefresher.FetchOutcome.fetched(json.readTree("[]"),
			0);

	private static final CatalogRefresher.FetchOutcome FAILED = CatalogRefresher.FetchOutcome.failed("HTTP 503");

	@Test
	void afterWhenAnAccountAnsweredWithAGoodListShouldBeConfirmedNow() {
		RefreshRound previous = new RefreshRound(EARLIER, EARLIER, Map.of());
		RefreshRound round = RefreshRound.after(previous, Map.of("a", FAILED, "b", GOOD), NOW);
		assertThat(round.finishedAt()).isEqualTo(NOW);
		assertThat(round.confirmedAt()).isEqualTo(NOW);
		assertThat(round.outcomes()).containsOnlyKeys("a", "b");
	}

	@Test
	void afterWhenNoAccountAnsweredWellShouldKeepThePreviousConfirmation() {
		RefreshRound previous = new RefreshRound(EARLIER, EARLIER, Map.of());
		assertThat(RefreshRound.after(previous, Map.of("a", FAILED), NOW).confirmedAt()).isEqualTo(EARLIER);
		assertThat(RefreshRound.after(previous, Map.of(), NOW).confirmedAt()).isEqualTo(EARLIER);
	}

	@Test
	void afterWhenNoRoundWasEverConfirmedShouldBeUnconfirmed() {
		assertThat(RefreshRound.after(null, Map.of("a", FAILED), NOW).confirmedAt()).isNull();
		assertThat(RefreshRound.after(new RefreshRound(EARLIER, null, Map.of()), Map.of(), NOW).confirmedAt()).isNull();
	}

}
