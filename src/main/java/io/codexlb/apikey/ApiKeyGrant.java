package io.codexlb.apikey;

import java.time.Instant;
import java.util.Set;

import io.codexlb.audit.AuditActor;
import org.jspecify.annotations.Nullable;

/**
 * What a resolved API key is allowed to do; the actor of the admin writes it makes.
 *
 * @param keyId the key's id, safe to log
 * @param keyPrefix the key's display prefix, safe to log
 * @param allowedModels the models the key may use, empty for all
 * @param accountIds the accounts whose models the key lists, {@code null} for all
 * @param admin whether the key may use the admin API
 * @param rateLimit the key's own rate limit, or {@code null} for the default policy
 * @param expiresAt when the key stops working, or {@code null} for never
 * @param active whether the key works
 */
public record ApiKeyGrant(String keyId, String keyPrefix, Set<String> allowedModels, @Nullable Set<String> accountIds,
		boolean admin, @Nullable KeyRateLimit rateLimit, @Nullable Instant expiresAt,
		boolean active) implements AuditActor {

}
