package io.codexlb.ratelimit;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

import io.github.bucket4j.BucketConfiguration;
import org.jspecify.annotations.Nullable;

/**
 * A key's request-rate policy: a token bucket of {@code requestsPerMinute} refilled
 * continuously over a minute, and optionally a daily quota that resets at 00:00 UTC.
 *
 * @param requestsPerMinute requests per minute
 * @param requestsPerDay requests per UTC day, or {@code null}
 */
record RatePolicy(int requestsPerMinute, @Nullable Integer requestsPerDay) {

	static final Duration MINUTE = Duration.ofMinutes(1);

	static final Duration DAY = Duration.ofDays(1);

	/**
	 * A short text that differs for every policy: part of the bucket key, so that a
	 * changed policy starts a bucket of its own on the next request.
	 * @return the fingerprint
	 */
	String fingerprint() {
		return this.requestsPerMinute + "m" + ((this.requestsPerDay != null) ? this.requestsPerDay + "d" : "");
	}

	BucketConfiguration bucketConfiguration(Instant now) {
		var builder = BucketConfiguration.builder()
			.addLimit((limit) -> limit.capacity(this.requestsPerMinute).refillGreedy(this.requestsPerMinute, MINUTE));
		if (this.requestsPerDay != null) {
			int perDay = this.requestsPerDay;
			builder
				.addLimit((limit) -> limit.capacity(perDay).refillIntervallyAligned(perDay, DAY, nextUtcMidnight(now)));
		}
		return builder.build();
	}

	static Instant nextUtcMidnight(Instant now) {
		return LocalDate.ofInstant(now, ZoneOffset.UTC).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
	}

}
