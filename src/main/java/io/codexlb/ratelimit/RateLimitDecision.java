package io.codexlb.ratelimit;

import java.util.List;

/**
 * What the limiter decided about a request.
 */
public sealed interface RateLimitDecision {

	/**
	 * The request may go on.
	 *
	 * @param headers the rate-limit headers to send
	 */
	record Admitted(List<RateLimitHeader> headers) implements RateLimitDecision {

	}

	/**
	 * The key is over its limit: 429.
	 *
	 * @param headers the rate-limit headers to send
	 * @param retryAfterSeconds the {@code Retry-After} value
	 */
	record Rejected(List<RateLimitHeader> headers, long retryAfterSeconds) implements RateLimitDecision {

	}

	/**
	 * Redis does not answer and the failure mode is {@code fail-open}: admitted, without
	 * headers.
	 */
	record Unlimited() implements RateLimitDecision {

	}

	/**
	 * Redis does not answer and the failure mode is {@code fail-closed}: 503.
	 */
	record Unavailable() implements RateLimitDecision {

	}

}
