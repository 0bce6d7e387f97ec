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
	 * The key of an API key's bucket under this policy: it names the policy, so that a
	 * changed policy starts a bucket of its own on the next request.
	 * @param keyId the API key's id
	 * @return the bucket key
	 */
	String bucketKey(String keyId) {
		return keyId + ":" + this.requestsPerMinute + "m"
				+ ((this.requestsPerDay != null) ? this.requestsPerDay + "d" : "");
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

	/**
	 * The configuration of a bucket that goes on from what a shared bucket said earlier:
	 * the tokens it had left then, plus what the minute window has refilled since, and
	 * the daily quota whole again once a UTC midnight has passed. A bucket built from it
	 * never holds more than the shared one would.
	 * @param now the time the bucket is built
	 * @param last the shared bucket's last reading
	 * @return the configuration
	 */
	BucketConfiguration bucketConfiguration(Instant now, LastReading last) {
		long[] remaining = last.reading().remaining();
		long elapsedNanos = Math.max(0, Duration.between(last.readAt(), now).toNanos());
		long refilled = (elapsedNanos >= MINUTE.toNanos()) ? this.requestsPerMinute
				: (long) ((double) elapsedNanos / MINUTE.toNanos() * this.requestsPerMinute);
		long perMinuteLeft = clamp(remaining[0] + refilled, this.requestsPerMinute);
		var builder = BucketConfiguration.builder()
			.addLimit((limit) -> limit.capacity(this.requestsPerMinute)
				.refillGreedy(this.requestsPerMinute, MINUTE)
				.initialTokens(perMinuteLeft));
		if (this.requestsPerDay != null) {
			int perDay = this.requestsPerDay;
			boolean newDay = !now.isBefore(nextUtcMidnight(last.readAt()));
			long perDayLeft = (newDay || remaining.length < 2) ? perDay : clamp(remaining[1], perDay);
			builder.addLimit((limit) -> limit.capacity(perDay)
				.refillIntervallyAligned(perDay, DAY, nextUtcMidnight(now))
				.initialTokens(perDayLeft));
		}
		return builder.build();
	}

	private static long clamp(long tokens, long capacity) {
		return Math.max(0, Math.min(tokens, capacity));
	}

	static Instant nextUtcMidnight(Instant now) {
		return LocalDate.ofInstant(now, ZoneOffset.UTC).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
	}

}
