package io.codexlb.apikey;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.codexlb.error.ApiError;
import io.codexlb.logging.ThrottledWarning;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * Resolves a bearer token to its grant, through a bounded in-memory cache keyed by the
 * key's hash.
 */
@Component
public class ApiKeyResolver {

	private static final Logger logger = LoggerFactory.getLogger(ApiKeyResolver.class);

	private final ApiKeyStore store;

	private final KeyUsageRecorder usage;

	private final Clock clock;

	private final Cache<String, ApiKeyGrant> grants;

	private final ThrottledWarning storeWarning = new ThrottledWarning(Duration.ofSeconds(30));

	ApiKeyResolver(ApiKeyStore store, KeyUsageRecorder usage, Clock clock, ApiKeyProperties properties,
			MeterRegistry meterRegistry) {
		this.store = store;
		this.usage = usage;
		this.clock = clock;
		this.grants = Caffeine.newBuilder()
			.maximumSize(properties.cacheMaxSize())
			.expireAfterWrite(properties.cacheTtl())
			.recordStats()
			.build();
		CaffeineCacheMetrics.monitor(meterRegistry, this.grants, "api-keys");
	}

	/**
	 * Resolves a bearer token.
	 * @param token the token after {@code Bearer }
	 * @return the grant, or the error to answer with
	 */
	public Resolution resolve(String token) {
		if (!ApiKeyFormat.isWellFormed(token)) {
			return new Resolution.Rejected(ApiError.invalidApiKey());
		}
		ApiKeyGrant grant;
		try {
			grant = this.grants.get(ApiKeyFormat.hash(token), this::load);
		}
		catch (DataAccessException ex) {
			if (this.storeWarning.due()) {
				logger.warn("API key store unavailable; keys not in the cache are refused with 503: {}",
						ex.getClass().getSimpleName());
			}
			return new Resolution.Rejected(
					ApiError.serviceUnavailable("The key store is temporarily unavailable. Please retry shortly."));
		}
		return checked(grant);
	}

	/**
	 * Resolves a key by its id, from the store rather than the cache: a console session
	 * holds the id of the key it signed in with, and ends on the first request after that
	 * key is disabled, deleted or expired, on every replica.
	 * @param keyId the key's id
	 * @return the grant, or the error to answer with
	 */
	public Resolution resolveById(String keyId) {
		ApiKeyGrant grant;
		try {
			grant = this.store.findById(keyId).map(ApiKey::grant).orElse(null);
		}
		catch (DataAccessException ex) {
			return new Resolution.Rejected(
					ApiError.serviceUnavailable("The key store is temporarily unavailable. Please retry shortly."));
		}
		return checked(grant);
	}

	private Resolution checked(@Nullable ApiKeyGrant grant) {
		if (grant == null || !grant.active()) {
			return new Resolution.Rejected(ApiError.invalidApiKey());
		}
		Instant expiresAt = grant.expiresAt();
		if (expiresAt != null && !this.clock.instant().isBefore(expiresAt)) {
			return new Resolution.Rejected(ApiError.expiredApiKey());
		}
		this.usage.recordUse(grant.keyId());
		return new Resolution.Granted(grant);
	}

	/**
	 * Forgets every cached grant, so that the next request of each key reads the store.
	 */
	void invalidateAll() {
		this.grants.invalidateAll();
	}

	private @Nullable ApiKeyGrant load(String keyHash) {
		Optional<ApiKey> key = this.store.findByHash(keyHash);
		// an unknown key is not cached: the cache only holds keys that exist
		return key.map(ApiKey::grant).orElse(null);
	}

	/**
	 * The outcome of resolving a token.
	 */
	public sealed interface Resolution {

		/**
		 * The token is a working key.
		 *
		 * @param grant what the key may do
		 */
		record Granted(ApiKeyGrant grant) implements Resolution {

		}

		/**
		 * The token does not authenticate.
		 *
		 * @param error the answer to send
		 */
		record Rejected(ApiError error) implements Resolution {

		}

	}

}
