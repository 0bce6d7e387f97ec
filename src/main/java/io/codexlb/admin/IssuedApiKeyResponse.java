package io.codexlb.admin;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.codexlb.apikey.IssuedApiKey;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * A newly created or regenerated key on the wire: the fields of an {@link ApiKeyResponse}
 * plus {@code key}, the plaintext, shown this once.
 *
 * @param id the id
 * @param object always {@code api_key}
 * @param name the name
 * @param keyPrefix the first 12 characters of the key
 * @param allowedModels the allowed models, {@code null} for all
 * @param accountIds the accounts whose models the key lists, {@code null} for all
 * @param expiresAt the expiry (ISO-8601), {@code null} for never
 * @param isActive whether the key works
 * @param admin whether the key may use the admin API
 * @param rateLimit the key's own rate limit, {@code null} for the default policy
 * @param createdAt the creation time (ISO-8601)
 * @param lastUsedAt the last use (ISO-8601), {@code null} if never
 * @param key the plaintext key
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record IssuedApiKeyResponse(String id, String object, String name, String keyPrefix,
		@Nullable List<String> allowedModels, @Nullable List<String> accountIds, @Nullable String expiresAt,
		boolean isActive, boolean admin, ApiKeyResponse.@Nullable RateLimit rateLimit, String createdAt,
		@Nullable String lastUsedAt, String key) {

	static IssuedApiKeyResponse of(IssuedApiKey issued) {
		ApiKeyResponse key = ApiKeyResponse.of(issued.record());
		return new IssuedApiKeyResponse(key.id(), key.object(), key.name(), key.keyPrefix(), key.allowedModels(),
				key.accountIds(), key.expiresAt(), key.isActive(), key.admin(), key.rateLimit(), key.createdAt(),
				key.lastUsedAt(), issued.plaintext());
	}

	@Override
	public String toString() {
		return "IssuedApiKeyResponse[id=" + this.id + ", keyPrefix=" + this.keyPrefix + ", key=<redacted>]";
	}

}
