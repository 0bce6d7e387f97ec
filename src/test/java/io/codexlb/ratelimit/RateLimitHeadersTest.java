package io.codexlb.ratelimit;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimitHeadersTest {

	@ParameterizedTest(name = "{0}s -> {1}")
	@CsvSource({ "0,0s", "1,1s", "59,59s", "60,1m0s", "360,6m0s", "3599,59m59s", "3600,1h0m0s", "50400,14h0m0s",
			"86399,23h59m59s" })
	void durationShouldBeWrittenLikeOpenAi(long seconds, String text) {
		assertThat(RateLimitHeaders.duration(seconds)).isEqualTo(text);
	}

	@ParameterizedTest(name = "{0} ns -> {1} s")
	@CsvSource({ "0,1", "1,1", "999999999,1", "1000000000,1", "1000000001,2", "9999999999,10", "10000000000,10" })
	void retryAfterShouldRoundUpToWholeSecondsAndBeAtLeastOne(long nanos, long seconds) {
		assertThat(RateLimitHeaders.retryAfterSeconds(nanos)).isEqualTo(seconds);
	}

	@Test
	void headersShouldNameTheWindowClosestToExhaustion() {
		Instant now = Instant.parse("2026-01-15T10:00:00Z");
		RatePolicy policy = new RatePolicy(60, 100);
		List<RateLimitHeader> minuteBound = RateLimitHeaders.of(policy,
				new BucketReading(true, new long[] { 5, 90 }, 0), now);
		assertThat(minuteBound).extracting((header) -> header.name() + ": " + header.value())
			.containsExactly("RateLimit-Policy: \"default\";q=60;w=60, \"daily\";q=100;w=86400",
					"RateLimit: \"default\";r=5;t=55", "x-ratelimit-limit-requests: 60",
					"x-ratelimit-remaining-requests: 5", "x-ratelimit-reset-requests: 55s");
		List<RateLimitHeader> dayBound = RateLimitHeaders.of(policy, new BucketReading(true, new long[] { 59, 2 }, 0),
				now);
		assertThat(dayBound).extracting((header) -> header.name() + ": " + header.value())
			.contains("RateLimit: \"daily\";r=2;t=50400", "x-ratelimit-limit-requests: 100",
					"x-ratelimit-reset-requests: 14h0m0s");
	}

	@Test
	void nextUtcMidnightShouldBeTheStartOfTheNextUtcDay() {
		assertThat(RatePolicy.nextUtcMidnight(Instant.parse("2026-01-15T23:59:59.999Z")))
			.isEqualTo(Instant.parse("2026-01-16T00:00:00Z"));
		assertThat(RatePolicy.nextUtcMidnight(Instant.parse("2026-01-16T00:00:00Z")))
			.isEqualTo(Instant.parse("2026-01-17T00:00:00Z"));
	}

}
