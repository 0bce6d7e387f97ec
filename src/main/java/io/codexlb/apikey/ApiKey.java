package io.codexlb.apikey;

import java.time.Instant;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * An API key as the admin API shows it; the key itself and its hash are not part of it.
 *
 * @param id the key's id
 * @param name the key's unique name
 * @param keyPrefix the first 12 characters of the key, for recognising it
 * @param allowedModels the models the key may use, empty for all
 * @param accountIds the accounts whose models the key lists, {@code null} for all; empty
 * once every account it was bound to is deleted
 * @param expiresAt when the key stops working, or {@code null} for never
 * @param active whether the key works
 * @param admin whether the key may use the admin API
 * @param rateLimit the key's own rate limit, or {@code null} for the default policy
 * @param createdAt when the key was created
 * @param lastUsedAt when the key last authenticated a request, if ever (recorded within
 * seconds)
 */
public record ApiKey(String id, String name, String keyPrefix, Set<String> allowedModels,
		@Nullable Set<String> accountIds, @Nullable Instant expiresAt, boolean active, boolean admin,
		@Nullable KeyRateLimit rateLimit, Instant createdAt, @Nullable Instant lastUsedAt) {

	/**
	 * This key with other account bindings.
	 * @param accounts the accounts, {@code null} for all
	 * @return the key
	 */
	ApiKey withAccountIds(@Nullable Set<String> accounts) {
		return new ApiKey(this.id, this.name, this.keyPrefix, this.allowedModels, accounts, this.expiresAt, this.active,
				this.admin, this.rateLimit, this.createdAt, this.lastUsedAt);
	}

	ApiKeyGrant grant() {
		return new ApiKeyGrant(this.id, this.keyPrefix, this.allowedModels, this.accountIds, this.admin, this.rateLimit,
				this.expiresAt, this.active);
	}

}
