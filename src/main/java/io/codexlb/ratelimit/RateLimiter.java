package io.codexlb.ratelimit;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.time.Duration;

import io.codexlb.apikey.ApiKeyGrant;
import io.codexlb.apikey.KeyRateLimit;
import io.codexlb.system.ThrottledWarning;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes one token from a key's bucket per request, in Redis when configured, and keeps
 * the service answering the way the failure mode says while Redis does not.
 */
class RateLimiter implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(RateLimiter.class);

	private final RateLimitProperties properties;

	private final LocalBucketStore local;

	private final @Nullable BucketStore redis;

	private final Clock clock;

	private final RatePolicy defaultPolicy;

	private final Map<Outcome, Counter> outcomes = new EnumMap<>(Outcome.class);

	private final Counter redisTimeouts;

	private final Counter redisErrors;

	private volatile long redisRetryAt;

	private volatile @Nullable String redisFailure;

	private final ThrottledWarning redisWarning = new ThrottledWarning(Duration.ofSeconds(30));

	RateLimiter(RateLimitProperties properties, LocalBucketStore local, @Nullable BucketStore redis, Clock clock,
			MeterRegistry meterRegistry) {
		this.properties = properties;
		this.local = local;
		this.redis = redis;
		this.clock = clock;
		this.defaultPolicy = new RatePolicy(properties.defaults().requestsPerMinute(),
				properties.defaults().requestsPerDay());
		for (Outcome outcome : Outcome.values()) {
			this.outcomes.put(outcome,
					Counter.builder("codex_lb_rate_limit_requests")
						.description("Requests to the models routes by rate-limit outcome and bucket store")
						.tag("outcome", outcome.outcome)
						.tag("store", outcome.store)
						.register(meterRegistry));
		}
		this.redisTimeouts = failures(meterRegistry, "timeout");
		this.redisErrors = failures(meterRegistry, "error");
	}

	RateLimitDecision take(ApiKeyGrant grant) {
		RatePolicy policy = policyOf(grant);
		String key = grant.keyId() + ":" + policy.fingerprint();
		Instant now = this.clock.instant();
		BucketStore redis = this.redis;
		if (redis != null && System.nanoTime() - this.redisRetryAt >= 0) {
			try {
				BucketReading reading = redis.take(key, policy);
				this.redisFailure = null;
				return decide(policy, reading, now, Outcome.ADMITTED_REDIS, Outcome.REJECTED_REDIS);
			}
			catch (BucketStore.BucketStoreException ex) {
				redisFailed(ex);
			}
		}
		if (redis == null) {
			return decide(policy, this.local.take(key, policy), now, Outcome.ADMITTED_LOCAL, Outcome.REJECTED_LOCAL);
		}
		return switch (this.properties.failureMode()) {
			case LOCAL_FALLBACK ->
				decide(policy, this.local.take(key, policy), now, Outcome.ADMITTED_FALLBACK, Outcome.REJECTED_FALLBACK);
			case FAIL_OPEN -> {
				this.outcomes.get(Outcome.UNLIMITED).increment();
				yield new RateLimitDecision.Unlimited();
			}
			case FAIL_CLOSED -> {
				this.outcomes.get(Outcome.UNAVAILABLE).increment();
				yield new RateLimitDecision.Unavailable();
			}
		};
	}

	/**
	 * Why Redis is not used at the moment.
	 * @return the last failure, or {@code null} while Redis answers (or is not used)
	 */
	@Nullable String redisFailure() {
		return this.redisFailure;
	}

	RateLimitProperties properties() {
		return this.properties;
	}

	@Override
	public void close() throws Exception {
		if (this.redis instanceof AutoCloseable closeable) {
			closeable.close();
		}
	}

	private RatePolicy policyOf(ApiKeyGrant grant) {
		KeyRateLimit own = grant.rateLimit();
		return (own != null) ? new RatePolicy(own.requestsPerMinute(), own.requestsPerDay()) : this.defaultPolicy;
	}

	private RateLimitDecision decide(RatePolicy policy, BucketReading reading, Instant now, Outcome admitted,
			Outcome rejected) {
		if (reading.consumed()) {
			this.outcomes.get(admitted).increment();
			return new RateLimitDecision.Admitted(RateLimitHeaders.of(policy, reading, now));
		}
		this.outcomes.get(rejected).increment();
		return new RateLimitDecision.Rejected(RateLimitHeaders.of(policy, reading, now),
				RateLimitHeaders.retryAfterSeconds(reading.nanosToWait()));
	}

	private void redisFailed(BucketStore.BucketStoreException failure) {
		this.redisRetryAt = System.nanoTime() + this.properties.redisRetryInterval().toNanos();
		this.redisFailure = failure.getMessage();
		(failure.timeout() ? this.redisTimeouts : this.redisErrors).increment();
		if (this.redisWarning.due()) {
			logger.warn("Rate limiting cannot use Redis ({}); failure mode {} until it answers", failure.getMessage(),
					this.properties.failureMode().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
		}
	}

	private static Counter failures(MeterRegistry meterRegistry, String reason) {
		return Counter.builder("codex_lb_rate_limit_store_failures")
			.description("Redis calls of the rate limiter that failed, by reason")
			.tag("store", "redis")
			.tag("reason", reason)
			.register(meterRegistry);
	}

	private enum Outcome {

		ADMITTED_LOCAL("admitted", "local"), REJECTED_LOCAL("rejected", "local"), ADMITTED_REDIS("admitted", "redis"),
		REJECTED_REDIS("rejected", "redis"), ADMITTED_FALLBACK("admitted", "local-fallback"),
		REJECTED_FALLBACK("rejected", "local-fallback"), UNLIMITED("unlimited", "none"),
		UNAVAILABLE("unavailable", "none");

		private final String outcome;

		private final String store;

		Outcome(String outcome, String store) {
			this.outcome = outcome;
			this.store = store;
		}

	}

}
