package io.codexlb.apikey;

import org.jspecify.annotations.Nullable;

/**
 * A key's own request-rate policy.
 *
 * @param requestsPerMinute requests admitted per minute
 * @param requestsPerDay requests admitted per UTC day, or {@code null} for no daily quota
 */
public record KeyRateLimit(int requestsPerMinute, @Nullable Integer requestsPerDay) {

}
