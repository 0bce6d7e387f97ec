package io.codexlb.admin;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.codexlb.apikey.ApiKey;
import io.codexlb.apikey.KeyRateLimit;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * An API key on the wire; never the key's hash, and the key itself only in
 * {@link IssuedApiKeyResponse}.
 *
 * @param id the id
 * @param object always {@code api_key}
 * @param name the name
 * @param keyPrefix the first 12 characters of the key
 * @param allowedModels the allowed models, {@code null} for all
 * @param accountIds the accounts whose models the key lists, {@code null} for all; empty
 * once every account it was bound to is deleted
 * @param expiresAt the expiry (ISO-8601), {@code null} for never
 * @param isActive whether the key works
 * @param admin whether the key may use the admin API
 * @param rateLimit the key's own rate limit, {@code null} for the default policy
 * @param createdAt the creation time (ISO-8601)
 * @param lastUsedAt the last use (ISO-8601), {@code null} if never
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record ApiKeyResponse(String id, String object, String name, String keyPrefix, @Nullable List<String> allowedModels,
		@Nullable List<String> accountIds, @Nullable String expiresAt, boolean isActive, boolean admin,
		@Nullable RateLimit rateLimit, String createdAt, @Nullable String lastUsedAt) {

	static ApiKeyResponse of(ApiKey key) {
		KeyRateLimit rateLimit = key.rateLimit();
		return new ApiKeyResponse(key.id(), "api_key", key.name(), key.keyPrefix(),
				key.allowedModels().isEmpty() ? null : key.allowedModels().stream().sorted().toList(),
				(key.accountIds() != null) ? key.accountIds().stream().sorted().toList() : null,
				AdminResponses.iso(key.expiresAt()), key.active(), key.admin(),
				(rateLimit != null) ? new RateLimit(rateLimit.requestsPerMinute(), rateLimit.requestsPerDay()) : null,
				key.createdAt().toString(), AdminResponses.iso(key.lastUsedAt()));
	}

	/**
	 * A rate limit on the wire.
	 *
	 * @param requestsPerMinute requests per minute
	 * @param requestsPerDay requests per UTC day, {@code null} for no daily quota
	 */
	@JsonInclude(JsonInclude.Include.ALWAYS)
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	record RateLimit(int requestsPerMinute, @Nullable Integer requestsPerDay) {

	}

}
