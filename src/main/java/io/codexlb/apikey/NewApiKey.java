package io.codexlb.apikey;

import java.time.Instant;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * A request for a new API key, already validated.
 *
 * @param name the unique name
 * @param allowedModels the models the key may use, empty for all
 * @param accountIds the accounts whose models the key lists, {@code null} for all
 * @param expiresAt when the key stops working, or {@code null} for never
 * @param rateLimit the key's own rate limit, or {@code null} for the default policy
 * @param admin whether the key may use the admin API
 */
public record NewApiKey(String name, Set<String> allowedModels, @Nullable Set<String> accountIds,
		@Nullable Instant expiresAt, @Nullable KeyRateLimit rateLimit, boolean admin) {

}
