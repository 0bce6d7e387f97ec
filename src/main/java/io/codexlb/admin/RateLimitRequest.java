package io.codexlb.admin;

import java.math.BigInteger;

import io.codexlb.apikey.KeyRateLimit;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.Range;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * The {@code rate_limit} of a key in a request. The counts bind as any integer, so that
 * one too large for an {@code int} is refused by its range like any other out of it.
 *
 * @param requestsPerMinute requests per minute, 1 to 1,000,000
 * @param requestsPerDay requests per UTC day, 1 to 1,000,000,000, or {@code null} for no
 * daily quota
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record RateLimitRequest(@NotNull(message = "Missing required parameter: 'rate_limit.requests_per_minute'.") @Range(
		min = 1, max = 1_000_000,
		message = "'rate_limit.requests_per_minute' must be between {min} and {max}.") @Nullable BigInteger requestsPerMinute,
		@Range(min = 1, max = 1_000_000_000,
				message = "'rate_limit.requests_per_day' must be between {min} and {max}.") @Nullable BigInteger requestsPerDay) {

	/**
	 * The rate limit, once Bean Validation has found it valid.
	 * @return the rate limit
	 */
	KeyRateLimit keyRateLimit() {
		if (this.requestsPerMinute == null) {
			throw new IllegalStateException("rate_limit.requests_per_minute was not validated");
		}
		return new KeyRateLimit(this.requestsPerMinute.intValueExact(),
				(this.requestsPerDay != null) ? this.requestsPerDay.intValueExact() : null);
	}

}
