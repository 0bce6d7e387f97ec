package io.codexlb.admin.console;

import java.time.Clock;
import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.codexlb.ratelimit.ClockTimeMeter;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;

import org.springframework.stereotype.Component;

/**
 * Counts failed console sign-ins per client address, in this instance: every sign-in
 * takes an attempt before its key is checked and a successful one gives it back, so an
 * address that used up its attempts has its next sign-ins refused unchecked, until the
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
	 * Takes an attempt for an address, before its key is checked: attempts made at the
	 * same time each take one.
	 * @param address the client address
	 * @return zero when the attempt may go on, else how long the address must wait
	 */
	Duration attempt(String address) {
		ConsumptionProbe probe = bucket(address).tryConsumeAndReturnRemaining(1);
		return probe.isConsumed() ? Duration.ZERO : Duration.ofNanos(probe.getNanosToWaitForRefill());
	}

	/**
	 * Gives back the attempt of a sign-in that succeeded: only failures count.
	 * @param address the client address
	 */
	void succeeded(String address) {
		Bucket bucket = this.buckets.getIfPresent(address);
		if (bucket != null && bucket.getAvailableTokens() < this.attempts) {
			bucket.addTokens(1);
		}
	}

	/**
	 * Forgets every address.
	 */
	void forgetAll() {
		this.buckets.invalidateAll();
	}

	private Bucket bucket(String address) {
		return this.buckets.get(address, (ignored) -> Bucket.builder()
			.addLimit(Bandwidth.builder().capacity(this.attempts).refillGreedy(this.attempts, this.window).build())
			.withCustomTimePrecision(this.time)
			.build());
	}

}
