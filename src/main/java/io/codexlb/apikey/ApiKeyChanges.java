package io.codexlb.apikey;

import java.time.Instant;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Changes to an API key, already validated; a {@code null} field (or an unset flag)
 * leaves the value as it is.
 *
 * @param name the new name
 * @param allowedModels the new allowed models, empty for all
 * @param accountIdsChanged whether {@code accountIds} is to be written
 * @param accountIds the new account bindings, {@code null} for all accounts
 * @param expiresAtChanged whether {@code expiresAt} is to be written
 * @param expiresAt the new expiry, {@code null} for never
 * @param active the new active flag
 * @param rateLimitChanged whether {@code rateLimit} is to be written
 * @param rateLimit the new rate limit, {@code null} for the default policy
 */
public record ApiKeyChanges(@Nullable String name, @Nullable Set<String> allowedModels, boolean accountIdsChanged,
		@Nullable Set<String> accountIds, boolean expiresAtChanged, @Nullable Instant expiresAt,
		@Nullable Boolean active, boolean rateLimitChanged, @Nullable KeyRateLimit rateLimit) {

	ApiKey applyTo(ApiKey key) {
		String name = (this.name != null) ? this.name : key.name();
		Set<String> allowedModels = (this.allowedModels != null) ? this.allowedModels : key.allowedModels();
		Set<String> accountIds = this.accountIdsChanged ? this.accountIds : key.accountIds();
		Instant expiresAt = this.expiresAtChanged ? this.expiresAt : key.expiresAt();
		boolean active = (this.active != null) ? this.active : key.active();
		KeyRateLimit rateLimit = this.rateLimitChanged ? this.rateLimit : key.rateLimit();
		return new ApiKey(key.id(), name, key.keyPrefix(), allowedModels, accountIds, expiresAt, active, key.admin(),
				rateLimit, key.createdAt(), key.lastUsedAt());
	}

}
