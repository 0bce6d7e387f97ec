package io.codexlb.admin.console;

import java.time.Clock;
import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.codexlb.ratelimit.ClockTimeMeter;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;

import org.springframework.stereotype.Component;

/**
 * Counts failed console sign-ins per client address, in this instance: an address that
 * used up its attempts has its next sign-ins refused without checking the key, until the
 * window refills them.
 */
@Component
@ConsoleEnabled
class SignInLimiter {

	// an address that stopped failing is forgotten once its bucket is full again
	private final Cache<String, Bucket> buckets;

	private final int attempts;

	private final Duration window;

	private final TimeMeter time;

	SignInLimiter(ConsoleProperties properties, Clock clock) {
		this.attempts = properties.maxFailedSignIns();
		this.window = properties.failedSignInWindow();
		this.time = new ClockTimeMeter(clock);
		this.buckets = Caffeine.newBuilder().maximumSize(100_000).expireAfterAccess(this.window).build();
	}

	/**
	 * How long an address must wait before it may try again.
	 * @param address the client address
	 * @return zero when it may try now
	 */
	Duration waitBeforeNextAttempt(String address) {
		Bucket bucket = this.buckets.getIfPresent(address);
		if (bucket == null) {
			return Duration.ZERO;
		}
		return Duration.ofNanos(bucket.estimateAbilityToConsume(1).getNanosToWaitForRefill());
	}

	/**
	 * Counts a failed sign-in.
	 * @param address the client address
	 */
	void failed(String address) {
		this.buckets
			.get(address, (ignored) -> Bucket.builder()
				.addLimit(Bandwidth.builder().capacity(this.attempts).refillGreedy(this.attempts, this.window).build())
				.withCustomTimePrecision(this.time)
				.build())
			.tryConsume(1);
	}

}
