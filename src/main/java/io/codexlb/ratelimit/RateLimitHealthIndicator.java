package io.codexlb.ratelimit;

import java.util.Locale;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * {@code DEGRADED} while the rate limiter cannot use Redis; it is not part of readiness,
 * since the service still answers.
 */
class RateLimitHealthIndicator implements HealthIndicator {

	static final Status DEGRADED = new Status("DEGRADED");

	private final RateLimiter limiter;

	RateLimitHealthIndicator(RateLimiter limiter) {
		this.limiter = limiter;
	}

	@Override
	public Health health() {
		RateLimitProperties properties = this.limiter.properties();
		String store = properties.store().name().toLowerCase(Locale.ROOT);
		String failure = this.limiter.redisFailure();
		String breaker = this.limiter.redisBreakerState();
		if (failure == null) {
			Health.Builder up = Health.up().withDetail("store", store);
			return ((breaker != null) ? up.withDetail("breaker", breaker) : up).build();
		}
		return Health.status(DEGRADED)
			.withDetail("store", store)
			.withDetail("breaker", breaker)
			.withDetail("failureMode", properties.failureMode().name().toLowerCase(Locale.ROOT).replace('_', '-'))
			.withDetail("redis", failure)
			.build();
	}

}
