package io.codexlb.apikey;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import io.codexlb.database.ResultPage;
import io.codexlb.error.ApiError;
import io.codexlb.error.ApiException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Creates, changes and removes API keys; every change takes effect on the next request.
 */
@Service
public class ApiKeyService {

	private static final Logger logger = LoggerFactory.getLogger(ApiKeyService.class);

	private final ApiKeyStore store;

	private final ApiKeyResolver resolver;

	private final Clock clock;

	ApiKeyService(ApiKeyStore store, ApiKeyResolver resolver, Clock clock) {
		this.store = store;
		this.resolver = resolver;
		this.clock = clock;
	}

	@Transactional
	public IssuedApiKey create(NewApiKey request) {
		requireUniqueName(request.name());
		String plaintext = ApiKeyFormat.generate();
		ApiKey key = new ApiKey(UUID.randomUUID().toString(), request.name(), ApiKeyFormat.displayPrefix(plaintext),
				request.allowedModels(), request.accountIds(), request.expiresAt(), true, request.admin(),
				request.rateLimit(), now(), null);
		try {
			this.store.insert(key, ApiKeyFormat.hash(plaintext));
		}
		catch (DuplicateKeyException ex) {
			throw duplicateName(request.name());
		}
		// a new key changes no cached grant (only keys that exist are cached): the caches
		// stay, which matters while the database is down
		afterCommit(false,
				() -> logger.info("Created API key {} ({}), admin={}", key.id(), key.keyPrefix(), key.admin()));
		return new IssuedApiKey(key, plaintext);
	}

	/**
	 * A page of keys, newest first.
	 * @param size how many keys at most
	 * @param after the id of the last key of the page before, or {@code null} from the
	 * newest
	 * @param filter which keys
	 * @return the page
	 * @throws ApiException a 400 naming {@code after} when no key has that id
	 */
	@Transactional(readOnly = true)
	public ResultPage<ApiKey> page(int size, @Nullable String after, ApiKeyFilter filter) {
		ApiKeyStore.Cursor cursor = null;
		if (after != null) {
			cursor = new ApiKeyStore.Cursor(after,
					this.store.createdAt(after)
						.orElseThrow(() -> ApiError
							.invalidRequest("after",
									"'after' must be the last_id of a page before; no API key has the id '"
											+ ApiError.excerpt(after)
											+ "' (it may have been deleted: start again from the first page).")
							.exception()));
		}
		return this.store.page(size, cursor, filter, this.clock.instant());
	}

	@Transactional(readOnly = true)
	public Map<ApiKeyStatus, Long> countByStatus() {
		return this.store.countByStatus(this.clock.instant());
	}

	@Transactional(readOnly = true)
	public Optional<ApiKey> find(String id) {
		return this.store.findById(id);
	}

	/**
	 * The key with an id, for a route that names it.
	 * @param id the key's id
	 * @return the key
	 * @throws ApiException a 404 {@code api_key_not_found} when there is none
	 */
	@Transactional(readOnly = true)
	public ApiKey get(String id) {
		return this.store.findById(id).orElseThrow(() -> notFound(id));
	}

	@Transactional
	public ApiKey update(String id, ApiKeyChanges changes) {
		this.store.lock(id);
		ApiKey current = this.store.findById(id).orElseThrow(() -> notFound(id));
		ApiKey changed = changes.applyTo(current);
		if (!changed.name().equals(current.name())) {
			requireUniqueName(changed.name());
		}
		try {
			if (!this.store.update(changed, now())) {
				throw notFound(id);
			}
		}
		catch (DuplicateKeyException ex) {
			throw duplicateName(changed.name());
		}
		afterCommit(true, () -> logger.info("Updated API key {} ({})", changed.id(), changed.keyPrefix()));
		return changed;
	}

	@Transactional
	public void delete(String id) {
		if (!this.store.delete(id)) {
			throw notFound(id);
		}
		afterCommit(true, () -> logger.info("Deleted API key {}", id));
	}

	/**
	 * Removes an account from every key bound to it, in the caller's transaction (the
	 * account's deletion): a key bound to that account alone is then bound to none, and
	 * lists no models.
	 * @param accountId the account
	 * @return the keys as they are now bound
	 */
	@Transactional
	public List<ApiKey> unbindAccount(String accountId) {
		List<ApiKey> unbound = new ArrayList<>();
		for (String id : this.store.boundTo(accountId)) {
			this.store.findById(id).ifPresent((key) -> {
				Set<String> accounts = new TreeSet<>(Objects.requireNonNull(key.accountIds()));
				accounts.remove(accountId);
				ApiKey changed = key.withAccountIds(Collections.unmodifiableSet(accounts));
				this.store.update(changed, now());
				unbound.add(changed);
			});
		}
		if (!unbound.isEmpty()) {
			afterCommit(true, () -> logger.info("Removed account {} from {} API keys", accountId, unbound.size()));
		}
		return unbound;
	}

	@Transactional
	public IssuedApiKey regenerate(String id) {
		this.store.lock(id);
		ApiKey current = this.store.findById(id).orElseThrow(() -> notFound(id));
		String plaintext = ApiKeyFormat.generate();
		String prefix = ApiKeyFormat.displayPrefix(plaintext);
		if (!this.store.updateKey(id, ApiKeyFormat.hash(plaintext), prefix, now())) {
			throw notFound(id);
		}
		afterCommit(true,
				() -> logger.info("Regenerated API key {} (was {}, now {})", id, current.keyPrefix(), prefix));
		ApiKey regenerated = new ApiKey(current.id(), current.name(), prefix, current.allowedModels(),
				current.accountIds(), current.expiresAt(), current.active(), current.admin(), current.rateLimit(),
				current.createdAt(), current.lastUsedAt());
		return new IssuedApiKey(regenerated, plaintext);
	}

	/**
	 * Installs a key whose plaintext the operator chose, unless it is already stored.
	 * @param plaintext a well-formed key
	 * @param name the name to give it
	 * @return the key, when it was installed now
	 */
	@Transactional
	Optional<ApiKey> installAdminKey(String plaintext, String name) {
		String hash = ApiKeyFormat.hash(plaintext);
		if (this.store.findByHash(hash).isPresent()) {
			return Optional.empty();
		}
		ApiKey key = new ApiKey(UUID.randomUUID().toString(), name, ApiKeyFormat.displayPrefix(plaintext), Set.of(),
				null, null, true, true, null, now(), null);
		this.store.insert(key, hash);
		afterCommit(false, () -> logger.debug("Stored the admin API key {}", key.id()));
		return Optional.of(key);
	}

	@Transactional(readOnly = true)
	boolean isEmpty() {
		return this.store.isEmpty();
	}

	// a cache emptied before the commit could be refilled with the old row by a
	// concurrent request; the other replicas see the bumped version. A change is logged
	// once it is committed: a commit that fails (a full disk) changed nothing
	private void afterCommit(boolean changesCachedGrants, Runnable committed) {
		if (changesCachedGrants) {
			this.store.bumpChangeVersion();
		}
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

			@Override
			public void afterCommit() {
				if (changesCachedGrants) {
					ApiKeyService.this.resolver.invalidateAll();
				}
				committed.run();
			}

		});
	}

	private void requireUniqueName(String name) {
		if (this.store.existsByName(name)) {
			throw duplicateName(name);
		}
	}

	private Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.SECONDS);
	}

	private static ApiException duplicateName(String name) {
		return ApiError.invalidRequest("name", "An API key named '" + ApiError.excerpt(name) + "' already exists.")
			.exception();
	}

	private static ApiException notFound(String id) {
		return ApiError.notFound("api_key_not_found", "No API key with id '" + ApiError.excerpt(id) + "'.", "id")
			.exception();
	}

}
