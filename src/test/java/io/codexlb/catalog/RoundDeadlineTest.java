package io.codexlb.catalog;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How long a round may fetch and hold the refresh lock, from the number of accounts.
 */
class RoundDeadlineTest {

	// the defaults: a call of 5 s to connect and two reads of 20 s, four fetchers, a
	// round every 5 minutes
	private final RoundDeadline defaults = new RoundDeadline(Duration.ofSeconds(45), 4, Duration.ofMinutes(5));

	@Test
	void aWaveOfAccountsShouldHaveItsThreeCalls() {
		assertThat(this.defaults.fetchBudget(0)).isEqualTo(Duration.ofSeconds(135));
		assertThat(this.defaults.fetchBudget(1)).isEqualTo(Duration.ofSeconds(135));
		assertThat(this.defaults.fetchBudget(4)).isEqualTo(Duration.ofSeconds(135));
		assertThat(this.defaults.lockAtMostFor(4)).isEqualTo(Duration.ofSeconds(165));
	}

	@Test
	void manyAccountsShouldBeCutAtHalfTheRefreshInterval() {
		assertThat(this.defaults.fetchBudget(5)).isEqualTo(Duration.ofSeconds(150));
		assertThat(this.defaults.fetchBudget(500)).isEqualTo(Duration.ofSeconds(150));
		assertThat(this.defaults.fetchBudget(Integer.MAX_VALUE)).isEqualTo(Duration.ofSeconds(150));
		assertThat(this.defaults.lockAtMostFor(500)).isEqualTo(Duration.ofSeconds(180));
		assertThat(this.defaults.longest()).isEqualTo(Duration.ofSeconds(180));
	}

	@Test
	void budgetShouldGrowWithTheWavesUpToTheCap() {
		RoundDeadline quick = new RoundDeadline(Duration.ofSeconds(1), 4, Duration.ofMinutes(5));
		assertThat(quick.fetchBudget(4)).isEqualTo(Duration.ofSeconds(3));
		assertThat(quick.fetchBudget(5)).isEqualTo(Duration.ofSeconds(6));
		assertThat(quick.fetchBudget(196)).isEqualTo(Duration.ofSeconds(147));
		assertThat(quick.fetchBudget(500)).isEqualTo(Duration.ofSeconds(150));
		// one account's calls always fit, even when half the interval is shorter
		RoundDeadline often = new RoundDeadline(Duration.ofSeconds(45), 4, Duration.ofMinutes(1));
		assertThat(often.fetchBudget(500)).isEqualTo(Duration.ofSeconds(135));
	}

}
