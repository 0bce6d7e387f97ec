package io.codexlb.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.codexlb.apikey.ApiKeyGrant;
import io.codexlb.apikey.KeyRateLimit;
import io.codexlb.logging.ThrottledWarning;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowSynchronizationStrategy;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes one token from a key's bucket per request, in Redis when configured, and keeps
 * the service answering the way the failure mode says while Redis does not.
 */
public class RateLimiter implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(RateLimiter.class);

	// the breaker opens once half of the last 10 Redis calls failed (at least 5 made):
	// 5 failures in a row always open it; 3 calls probe Redis when it half-opens
	static final int BREAKER_WINDOW = 10;

	static final int BREAKER_MINIMUM_CALLS = 5;

	static final float BREAKER_FAILURE_RATE = 50;

	static final int BREAKER_HALF_OPEN_CALLS = 3;

	private final RateLimitProperties properties;

	private final LocalBucketStore local;

	private final @Nullable BucketStore redis;

	private final Clock clock;

	private final RatePolicy defaultPolicy;

	private final Map<Outcome, Counter> outcomes = new EnumMap<>(Outcome.class);

	private final Counter redisTimeouts;

	private final Counter redisErrors;

	// decides whether a request asks Redis: opens on failures, probes again after
	// redis-retry-interval
	private final CircuitBreaker redisBreaker;

	// what each key's shared bucket said last: where its local bucket starts while Redis
	// cannot be used
	private final Cache<String, LastReading> lastReadings;

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
		this.redisBreaker = CircuitBreaker.of("redis-rate-limit", CircuitBreakerConfig.custom()
			// every models request records its call: no lock on that path
			.slidingWindow(BREAKER_WINDOW, BREAKER_MINIMUM_CALLS, SlidingWindowType.COUNT_BASED,
					SlidingWindowSynchronizationStrategy.LOCK_FREE)
			.failureRateThreshold(BREAKER_FAILURE_RATE)
			.waitDurationInOpenState(properties.redisRetryInterval())
			.permittedNumberOfCallsInHalfOpenState(BREAKER_HALF_OPEN_CALLS)
			.clock(clock)
			.build());
		this.lastReadings = Caffeine.newBuilder()
			.maximumSize(properties.localMaxKeys())
			.expireAfterWrite(RatePolicy.DAY.plus(RatePolicy.MINUTE))
			.build();
	}

	/**
	 * Runs the whole Redis path once (the connection, a bucket operation on a throw-away
	 * key), before the server takes requests: the first operation of a new JVM loads and
	 * links more code than a request may wait for. If Redis does not answer in
	 * {@code redis-startup-wait}, the service starts in its failure mode.
	 */
	void warmUp() {
		BucketStore redis = this.redis;
		if (redis == null) {
			return;
		}
		long started = System.nanoTime();
		try {
			redis.warmUp(this.properties.redisStartupWait());
			logger.info("Rate limiting uses Redis; its path is warm after {} ms",
					(System.nanoTime() - started) / 1_000_000);
		}
		catch (BucketStore.BucketStoreException ex) {
			this.redisBreaker.transitionToOpenState();
			this.redisFailure = ex.getMessage();
			logger.warn(
					"Redis did not answer within {} at start-up ({}); rate limiting starts in failure mode {} "
							+ "until it answers",
					this.properties.redisStartupWait(), ex.getMessage(), failureModeName());
		}
	}

	/**
	 * Takes one token from the key's buckets.
	 * @param grant the key
	 * @return what the limiter decided, with the headers to send
	 */
	public RateLimitDecision take(ApiKeyGrant grant) {
		RatePolicy policy = policyOf(grant);
		String key = policy.bucketKey(grant.keyId());
		Instant now = this.clock.instant();
		BucketStore redis = this.redis;
		if (redis == null) {
			return decide(policy, this.local.take(key, policy), now, Outcome.ADMITTED_LOCAL, Outcome.REJECTED_LOCAL);
		}
		if (this.redisBreaker.tryAcquirePermission()) {
			long started = System.nanoTime();
			try {
				BucketReading reading = redis.take(key, policy);
				this.redisBreaker.onSuccess(System.nanoTime() - started, TimeUnit.NANOSECONDS);
				this.lastReadings.put(key, new LastReading(reading, now));
				this.redisFailure = null;
				return decide(policy, reading, now, Outcome.ADMITTED_REDIS, Outcome.REJECTED_REDIS);
			}
			catch (BucketStore.BucketStoreException ex) {
				this.redisBreaker.onError(System.nanoTime() - started, TimeUnit.NANOSECONDS, ex);
				redisFailed(ex);
			}
		}
		return switch (this.properties.failureMode()) {
			case LOCAL_FALLBACK -> decide(policy, this.local.take(key, policy, this.lastReadings.getIfPresent(key)),
					now, Outcome.ADMITTED_FALLBACK, Outcome.REJECTED_FALLBACK);
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
	 * Reads a key's windows without taking a token: from Redis while it answers, else as
	 * the failure mode decides the requests: {@code local-fallback} and {@code fail-open}
	 * read the local bucket that goes on from the shared bucket's last reading (where
	 * Redis takes up again), {@code fail-closed} has no reading.
	 * @param grant the key
	 * @return the windows, the minute first; {@code null} when rate limiting is
	 * unavailable
	 */
	public @Nullable List<RateLimitWindow> read(ApiKeyGrant grant) {
		RatePolicy policy = policyOf(grant);
		String key = policy.bucketKey(grant.keyId());
		Instant now = this.clock.instant();
		BucketStore redis = this.redis;
		if (redis == null) {
			return RateLimitHeaders.readings(policy, this.local.read(key, policy), now);
		}
		if (this.redisBreaker.getState() == CircuitBreaker.State.CLOSED) {
			try {
				return RateLimitHeaders.readings(policy, redis.read(key, policy), now);
			}
			catch (BucketStore.BucketStoreException ex) {
				// a read is not a request of the key: it leaves the breaker to the
				// requests
				logger.debug("Could not read the rate limit of key {} from Redis: {}", grant.keyId(), ex.getMessage());
			}
		}
		if (this.properties.failureMode() == RateLimitProperties.FailureMode.FAIL_CLOSED) {
			return null;
		}
		return RateLimitHeaders.readings(policy, this.local.read(key, policy, this.lastReadings.getIfPresent(key)),
				now);
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

	/**
	 * The state of the breaker in front of Redis.
	 * @return {@code closed} while Redis is used, {@code open} while it is not,
	 * {@code half_open} while a few requests probe it; {@code null} without Redis
	 */
	@Nullable String redisBreakerState() {
		return (this.redis != null) ? this.redisBreaker.getState().name().toLowerCase(Locale.ROOT) : null;
	}

	private void redisFailed(BucketStore.BucketStoreException failure) {
		this.redisFailure = failure.getMessage();
		(failure.timeout() ? this.redisTimeouts : this.redisErrors).increment();
		if (this.redisWarning.due()) {
			logger.warn("Rate limiting cannot use Redis ({}); failure mode {} while the breaker is open",
					failure.getMessage(), failureModeName());
		}
	}

	private String failureModeName() {
		return this.properties.failureMode().name().toLowerCase(Locale.ROOT).replace('_', '-');
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
