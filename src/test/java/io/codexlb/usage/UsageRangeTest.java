package io.codexlb.usage;

import java.time.Instant;

import io.codexlb.error.ApiException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The steps of a usage range: the defaults, the rounding to whole steps, and the limit on
 * points.
 */
class UsageRangeTest {

	private static final Instant NOW = Instant.parse("2026-12-01T10:30:00Z");

	@Test
	void defaultShouldBeTheLast24HoursWithTheHourThatHoldsNowLast() {
		UsageRange range = UsageRange.parse(null, null, null, NOW, 2160);
		assertThat(range.points()).isEqualTo(24);
		assertThat(range.from()).isEqualTo("2026-11-30T11:00:00Z");
		assertThat(range.starts().get(23)).isEqualTo("2026-12-01T10:00:00Z");
		assertThat(range.to()).isEqualTo("2026-12-01T11:00:00Z");
	}

	@Test
	void defaultByDayShouldBeTheDayThatHoldsNow() {
		UsageRange range = UsageRange.parse(null, null, "day", NOW, 2160);
		assertThat(range.starts()).containsExactly(Instant.parse("2026-12-01T00:00:00Z"));
	}

	@Test
	void explicitBoundsShouldBeRoundedOutToWholeSteps() {
		UsageRange range = UsageRange.parse("2026-11-30T09:15:00Z", "2026-11-30T11:00:01Z", "hour", NOW, 2160);
		assertThat(range.from()).isEqualTo("2026-11-30T09:00:00Z");
		assertThat(range.to()).isEqualTo("2026-11-30T12:00:00Z");
		assertThat(range.points()).isEqualTo(3);
		assertThat(UsageRange.parse("2026-11-01", "2026-12-01", "day", NOW, 2160).points()).isEqualTo(30);
	}

	@Test
	void rangeOfMorePointsThanAllowedShouldBeRefusedNamingTo() {
		assertThat(UsageRange.parse("2026-01-01T00:00:00Z", "2026-01-01T10:00:00Z", null, NOW, 10).points())
			.isEqualTo(10);
		assertThatExceptionOfType(ApiException.class)
			.isThrownBy(() -> UsageRange.parse("2026-01-01T00:00:00Z", "2026-01-01T10:00:01Z", null, NOW, 10))
			.satisfies((ex) -> assertThat(ex.error().param()).isEqualTo("to"));
	}

}
