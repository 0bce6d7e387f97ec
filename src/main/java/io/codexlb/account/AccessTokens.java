package io.codexlb.account;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

import io.codexlb.replica.ReplicaLocks;
import io.codexlb.upstream.OAuthTokenClient;
import io.codexlb.upstream.TokenRefresh;
import io.codexlb.upstream.UpstreamProperties;
import net.javacrumbs.shedlock.core.SimpleLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Hands out an account's access token, refreshing it shortly before it expires and after
 * the backend refused it. Refresh tokens rotate, so one account is refreshed by one
 * thread of one replica at a time (a lock in the shared database), and the new pair is
 * stored before anything uses it; the others wait for it.
 */
@Component
public class AccessTokens {

	private static final Logger logger = LoggerFactory.getLogger(AccessTokens.class);

	private final AccountStore store;

	private final OAuthTokenClient oauth;

	private final UpstreamProperties properties;

	private final Clock clock;

	private final ApplicationEventPublisher events;

	private final ConcurrentHashMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();

	private final ReplicaLocks replicaLocks;

	static final String TOKEN_LOCK_PREFIX = "token-refresh:";

	private static final Duration LOCK_RETRY_INTERVAL = Duration.ofMillis(100);

	AccessTokens(AccountStore store, OAuthTokenClient oauth, UpstreamProperties properties, Clock clock,
			ApplicationEventPublisher events, ReplicaLocks replicaLocks) {
		this.replicaLocks = replicaLocks;
		this.store = store;
		this.oauth = oauth;
		this.properties = properties;
		this.clock = clock;
		this.events = events;
	}

	/**
	 * An access token of the account that is not about to expire.
	 * @param account the account
	 * @return the access token
	 * @throws AccountUnusableException if the token had to be refreshed and could not be
	 */
	public String accessToken(Account account) throws AccountUnusableException {
		// the stored expiry, not the caller's copy: another replica may have refreshed
		// since
		Account stored = this.store.find(account.id())
			.orElseThrow(() -> new AccountUnusableException("account removed", false));
		AccountTokens tokens = this.store.tokens(account.id());
		Instant expiresAt = stored.accessTokenExpiresAt();
		Instant now = this.clock.instant();
		if (expiresAt == null || now.plus(this.properties.tokenRefreshMargin()).isBefore(expiresAt)) {
			return tokens.accessToken();
		}
		try {
			return refresh(account.id(), tokens.accessToken());
		}
		catch (AccountUnusableException ex) {
			// a refresh ahead of time that failed for now: the token still works until it
			// expires
			if (!ex.reauthRequired() && now.isBefore(expiresAt)) {
				logger.info("Account {}: using the current access token until it expires ({})", account.id(),
						ex.getMessage());
				return tokens.accessToken();
			}
			throw ex;
		}
	}

	/**
	 * A new access token after the backend refused the given one.
	 * @param account the account
	 * @param rejectedAccessToken the token the backend refused
	 * @return the new access token
	 * @throws AccountUnusableException if the refresh failed
	 */
	public String refreshRejected(Account account, String rejectedAccessToken) throws AccountUnusableException {
		return refresh(account.id(), rejectedAccessToken);
	}

	private String refresh(String accountId, String staleAccessToken) throws AccountUnusableException {
		ReentrantLock lock = this.locks.computeIfAbsent(accountId, (id) -> new ReentrantLock());
		lock.lock();
		try {
			String current = currentIfRefreshed(accountId, staleAccessToken);
			if (current != null) {
				return current;
			}
			// one replica at a time: a refresh token is good for one refresh only
			Optional<SimpleLock> replicaLock = replicaLock(accountId, staleAccessToken);
			if (replicaLock.isEmpty()) {
				current = currentIfRefreshed(accountId, staleAccessToken);
				if (current != null) {
					return current;
				}
				throw new AccountUnusableException("another replica is refreshing the tokens", false);
			}
			try {
				return refreshHoldingTheLock(accountId, staleAccessToken);
			}
			finally {
				replicaLock.get().unlock();
			}
		}
		finally {
			lock.unlock();
		}
	}

	// the lock of the account's refresh, or empty when another replica refreshed (or
	// still holds the lock) by the deadline
	private Optional<SimpleLock> replicaLock(String accountId, String staleAccessToken)
			throws AccountUnusableException {
		Duration deadline = this.properties.callDeadline();
		CompletableFuture<Optional<SimpleLock>> wait = this.replicaLocks.lockWhenFree(TOKEN_LOCK_PREFIX + accountId,
				deadline.multipliedBy(2), LOCK_RETRY_INTERVAL, deadline,
				() -> refreshedOrUnusable(accountId, staleAccessToken));
		try {
			// the wait ends by the deadline on its own; this bound only guards against a
			// lost completion
			return wait.get(deadline.multipliedBy(2).toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			wait.cancel(false);
			Thread.currentThread().interrupt();
			throw new AccountUnusableException("interrupted", false);
		}
		catch (ExecutionException | TimeoutException ex) {
			wait.cancel(false);
			throw new AccountUnusableException("the refresh lock could not be taken", false);
		}
	}

	private boolean refreshedOrUnusable(String accountId, String staleAccessToken) {
		try {
			return currentIfRefreshed(accountId, staleAccessToken) != null;
		}
		catch (AccountUnusableException ex) {
			return true;
		}
	}

	// the tokens of the account, if someone refreshed them since the stale access token
	private @Nullable String currentIfRefreshed(String accountId, String staleAccessToken)
			throws AccountUnusableException {
		usableAccount(accountId);
		AccountTokens current = this.store.tokens(accountId);
		return current.accessToken().equals(staleAccessToken) ? null : current.accessToken();
	}

	private Account usableAccount(String accountId) throws AccountUnusableException {
		Account account = this.store.find(accountId)
			.orElseThrow(() -> new AccountUnusableException("account removed", false));
		if (!account.usable()) {
			throw new AccountUnusableException(
					"account is " + (account.enabled() ? account.status().wireName() : "disabled"),
					account.status() == AccountStatus.REAUTH_REQUIRED);
		}
		return account;
	}

	private String refreshHoldingTheLock(String accountId, String staleAccessToken) throws AccountUnusableException {
		Account account = usableAccount(accountId);
		AccountTokens current = this.store.tokens(accountId);
		if (!current.accessToken().equals(staleAccessToken)) {
			// refreshed by another replica before this one got the lock
			return current.accessToken();
		}
		TokenRefresh result = this.oauth.refresh(current.refreshToken());
		if (result instanceof TokenRefresh.Refreshed refreshed) {
			return store(account, current, refreshed);
		}
		if (result instanceof TokenRefresh.Refused refused) {
			if (!this.store.tokens(accountId).refreshToken().equals(current.refreshToken())) {
				// new tokens arrived meanwhile (a new auth.json): they, not the refused
				// ones, count
				throw new AccountUnusableException("tokens replaced during the refresh", false);
			}
			String reason = "refresh token refused by the OAuth server (" + refused.reason()
					+ "); log in again and add the new auth.json";
			this.store.markReauthRequired(accountId, reason, this.clock.instant());
			logger.warn("Account {} needs a new login: {}", accountId, reason);
			this.events.publishEvent(new AccountsChangedEvent(accountId));
			throw new AccountUnusableException(reason, true);
		}
		String reason = "token refresh failed: " + ((TokenRefresh.Failed) result).reason();
		logger.warn("Account {}: {}", accountId, reason);
		throw new AccountUnusableException(reason, false);
	}

	private String store(Account account, AccountTokens current, TokenRefresh.Refreshed refreshed) {
		String refreshToken = (refreshed.refreshToken() != null) ? refreshed.refreshToken() : current.refreshToken();
		String idToken = (refreshed.idToken() != null) ? refreshed.idToken() : current.idToken();
		AccountTokens tokens = new AccountTokens(refreshed.accessToken(), refreshToken, idToken);
		JwtClaims idClaims = JwtClaims.of(idToken);
		Account updated = new Account(account.id(), account.name(), account.chatgptAccountId(), account.chatgptUserId(),
				(idClaims.email() != null) ? idClaims.email() : account.email(),
				(idClaims.planType() != null) ? idClaims.planType() : account.planType(), account.enabled(),
				AccountStatus.ACTIVE, null, JwtClaims.of(refreshed.accessToken()).expiresAt(), this.clock.instant(),
				account.createdAt());
		this.store.replaceTokens(updated, tokens, this.clock.instant());
		logger.info("Refreshed the tokens of account {}", account.id());
		return tokens.accessToken();
	}

}
