package io.codexlb.ratelimit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The rate-limit headers of a response: {@code RateLimit-Policy} and {@code RateLimit}
 * (IETF httpapi ratelimit-headers draft) and OpenAI's {@code x-ratelimit-*}, for the
 * window closest to exhaustion.
 */
final class RateLimitHeaders {

	static final String POLICY = "RateLimit-Policy";

	static final String RATE_LIMIT = "RateLimit";

	static final String LIMIT_REQUESTS = "x-ratelimit-limit-requests";

	static final String REMAINING_REQUESTS = "x-ratelimit-remaining-requests";

	static final String RESET_REQUESTS = "x-ratelimit-reset-requests";

	private RateLimitHeaders() {
	}

	/**
	 * The headers after a request.
	 * @param policy the key's policy
	 * @param reading what the bucket said
	 * @param now the time of the request
	 * @return the headers, in order
	 */
	static List<RateLimitHeader> of(RatePolicy policy, BucketReading reading, Instant now) {
		List<Window> windows = windows(policy, reading.remaining(), now);
		Window closest = windows.get(0);
		for (Window window : windows) {
			if (window.remaining() < closest.remaining()) {
				closest = window;
			}
		}
		StringBuilder policies = new StringBuilder();
		for (Window window : windows) {
			if (!policies.isEmpty()) {
				policies.append(", ");
			}
			policies.append('"')
				.append(window.name())
				.append("\";q=")
				.append(window.quota())
				.append(";w=")
				.append(window.seconds());
		}
		return List.of(new RateLimitHeader(POLICY, policies.toString()),
				new RateLimitHeader(RATE_LIMIT,
						"\"" + closest.name() + "\";r=" + closest.remaining() + ";t=" + closest.resetSeconds()),
				new RateLimitHeader(LIMIT_REQUESTS, String.valueOf(closest.quota())),
				new RateLimitHeader(REMAINING_REQUESTS, String.valueOf(closest.remaining())),
				new RateLimitHeader(RESET_REQUESTS, duration(closest.resetSeconds())));
	}

	/**
	 * The windows of a policy as they stand.
	 * @param policy the key's policy
	 * @param remaining the tokens left in each window, the per-minute window first
	 * @param now the time of the reading
	 * @return the windows as a key's usage shows them
	 */
	static List<RateLimitWindow> readings(RatePolicy policy, long[] remaining, Instant now) {
		return windows(policy, remaining, now).stream()
			.map((window) -> new RateLimitWindow((window.seconds() == 60) ? "minute" : "day", window.quota(),
					window.remaining(), window.resetSeconds()))
			.toList();
	}

	private static List<Window> windows(RatePolicy policy, long[] remaining, Instant now) {
		List<Window> windows = new ArrayList<>(2);
		int perMinute = policy.requestsPerMinute();
		long minuteRemaining = remaining(remaining, 0);
		// the minute bucket refills one token every 60/q seconds, continuously
		long minuteReset = ceilDiv((perMinute - minuteRemaining) * 60L, perMinute);
		windows.add(new Window("default", perMinute, 60, minuteRemaining, minuteReset));
		Integer perDay = policy.requestsPerDay();
		if (perDay != null) {
			long dayReset = Math.max(1,
					ceilDiv(Duration.between(now, RatePolicy.nextUtcMidnight(now)).toMillis(), 1000));
			windows.add(new Window("daily", perDay, 86_400, remaining(remaining, 1), dayReset));
		}
		return windows;
	}

	/**
	 * Whole seconds a rejected client must wait: rounded up, at least 1.
	 * @param nanosToWait the bucket's wait
	 * @return the {@code Retry-After} value
	 */
	static long retryAfterSeconds(long nanosToWait) {
		return Math.max(1, ceilDiv(nanosToWait, 1_000_000_000L));
	}

	/**
	 * A duration the way OpenAI writes it: {@code 1s}, {@code 6m0s}, {@code 1h0m0s}.
	 * @param seconds the duration in seconds
	 * @return the text
	 */
	static String duration(long seconds) {
		long hours = seconds / 3600;
		long minutes = (seconds % 3600) / 60;
		long rest = seconds % 60;
		if (hours > 0) {
			return hours + "h" + minutes + "m" + rest + "s";
		}
		if (minutes > 0) {
			return minutes + "m" + rest + "s";
		}
		return rest + "s";
	}

	private static long remaining(long[] remaining, int window) {
		return (window < remaining.length) ? Math.max(0, remaining[window]) : 0;
	}

	private static long ceilDiv(long dividend, long divisor) {
		return -Math.floorDiv(-dividend, divisor);
	}

	private record Window(String name, long quota, long seconds, long remaining, long resetSeconds) {

	}

}
