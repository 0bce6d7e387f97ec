package io.codexlb.ratelimit;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.bind.Name;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the per-key rate limits.
 *
 * @param defaults the policy of keys without their own {@code rate_limit}
 * ({@code codex-lb.rate-limit.default.*})
 * @param store where buckets live: {@code local} (this process) or {@code redis} (shared
 * by every replica)
 * @param redisUrl the Redis server for {@code store=redis}, such as
 * {@code redis://localhost:6379}
 * @param failureMode what happens while Redis does not answer
 * @param redisTimeout the longest a request waits for Redis
 * @param redisRetryInterval how long the breaker in front of Redis stays open before a
 * few requests probe Redis again
 * @param redisStartupWait how long a starting replica waits for Redis to answer before it
 * takes requests; after that it starts in its failure mode
 * @param localMaxKeys how many keys' buckets are kept in memory
 * @param redisKeyPrefix the prefix of the bucket keys in Redis
 */
@Validated
@ConfigurationProperties("codex-lb.rate-limit")
public record RateLimitProperties(@Name("default") @Valid @DefaultValue DefaultPolicy defaults,
		@NotNull @DefaultValue("local") Store store, @Nullable String redisUrl,
		@NotNull @DefaultValue("local-fallback") FailureMode failureMode,
		@NotNull @DefaultValue("100ms") Duration redisTimeout, @NotNull @DefaultValue("1s") Duration redisRetryInterval,
		@NotNull @DefaultValue("10s") Duration redisStartupWait, @Min(1) @DefaultValue("100000") int localMaxKeys,
		@NotBlank @DefaultValue("codex-lb:rate-limit:") String redisKeyPrefix) {

	@Override
	public String toString() {
		return "RateLimitProperties[defaults=" + this.defaults + ", store=" + this.store + ", redisUrl="
				+ ((this.redisUrl != null) ? "<set>" : null) + ", failureMode=" + this.failureMode + "]";
	}

	/**
	 * The default policy.
	 *
	 * @param requestsPerMinute requests admitted per minute
	 * @param requestsPerDay requests admitted per UTC day, none by default
	 */
	public record DefaultPolicy(@Min(1) @Max(1_000_000_000) @DefaultValue("60") int requestsPerMinute,
			@Nullable @Min(1) @Max(1_000_000_000) Integer requestsPerDay) {

	}

	/**
	 * Where buckets live.
	 */
	public enum Store {

		/**
		 * In this process: each replica limits on its own.
		 */
		LOCAL,

		/**
		 * In Redis: the replicas together admit the policy's quota.
		 */
		REDIS

	}

	/**
	 * What the limiter does while Redis does not answer.
	 */
	public enum FailureMode {

		/**
		 * Limit with this replica's own buckets, same policy, until Redis answers again.
		 */
		LOCAL_FALLBACK,

		/**
		 * Admit every request, without rate-limit headers.
		 */
		FAIL_OPEN,

		/**
		 * Refuse every request with 503.
		 */
		FAIL_CLOSED

	}

}
