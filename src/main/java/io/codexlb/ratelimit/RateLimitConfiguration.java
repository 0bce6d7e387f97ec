package io.codexlb.ratelimit;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The rate limiter, warmed up before the server takes requests, and its health; the
 * models routes' pipeline applies it.
 */
@Configuration(proxyBeanMethods = false)
class RateLimitConfiguration {

	@Bean(destroyMethod = "close")
	RateLimiter rateLimiter(RateLimitProperties properties, Clock clock, MeterRegistry meterRegistry) {
		return new RateLimiter(properties, new LocalBucketStore(clock, properties.localMaxKeys()),
				redisBucketStore(properties, clock), clock, meterRegistry);
	}

	private static @Nullable RedisBucketStore redisBucketStore(RateLimitProperties properties, Clock clock) {
		if (properties.store() != RateLimitProperties.Store.REDIS) {
			return null;
		}
		String url = properties.redisUrl();
		if (url == null || url.isBlank()) {
			throw new IllegalStateException(
					"codex-lb.rate-limit.redis-url must be set (redis://host:port) when codex-lb.rate-limit.store=redis");
		}
		try {
			return new RedisBucketStore(url, properties.redisTimeout(), properties.redisKeyPrefix(), clock,
					properties.localMaxKeys());
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException("codex-lb.rate-limit.redis-url is not a valid Redis URL");
		}
	}

	// before the server takes requests, so that a new replica's first requests use Redis
	@Bean
	SmartInitializingSingleton rateLimiterWarmUp(RateLimiter rateLimiter) {
		return rateLimiter::warmUp;
	}

	@Bean
	RateLimitHealthIndicator rateLimitHealthIndicator(RateLimiter rateLimiter) {
		return new RateLimitHealthIndicator(rateLimiter);
	}

}
