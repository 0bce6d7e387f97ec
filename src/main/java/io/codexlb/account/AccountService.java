package io.codexlb.account;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.codexlb.database.ResultPage;
import io.codexlb.error.ApiError;
import io.codexlb.error.ApiException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Adds, changes and removes upstream accounts.
 */
@Service
public class AccountService {

	private static final Logger logger = LoggerFactory.getLogger(AccountService.class);

	private final AccountStore store;

	private final Clock clock;

	private final ApplicationEventPublisher events;

	AccountService(AccountStore store, Clock clock, ApplicationEventPublisher events) {
		this.store = store;
		this.clock = clock;
		this.events = events;
	}

	/**
	 * Adds the login of an {@code auth.json}; a login already added gets the new tokens
	 * and becomes active again (the way back from {@code reauth_required}).
	 * @param auth the {@code auth.json} content
	 * @param name the name to give a new account; by default its e-mail address
	 * @return the account, and whether it is new
	 */
	@Transactional
	public Added add(AuthJson auth, @Nullable String name) {
		JwtClaims idClaims = JwtClaims.of(auth.idToken());
		String userId = userId(auth, idClaims);
		Optional<Account> existing = this.store.findByLogin(auth.accountId(), userId);
		Instant now = this.clock.instant();
		Instant refreshedAt = (auth.lastRefresh() != null) ? auth.lastRefresh() : now;
		AccountTokens tokens = new AccountTokens(auth.accessToken(), auth.refreshToken(), auth.idToken());
		Instant expiresAt = JwtClaims.of(auth.accessToken()).expiresAt();
		if (existing.isPresent()) {
			Account account = existing.get();
			this.store.replaceTokens(withTokens(account, idClaims, expiresAt, refreshedAt), tokens, now);
			logger.info("Replaced the tokens of account {}", account.id());
			this.events.publishEvent(new AccountsChangedEvent(account.id()));
			return new Added(this.store.find(account.id()).orElseThrow(), false);
		}
		String accountName = (name != null) ? name : defaultName(auth, idClaims);
		if (this.store.nameTaken(accountName)) {
			throw ApiError
				.invalidRequest("name", "An account named '" + ApiError.excerpt(accountName) + "' already exists.")
				.exception();
		}
		Account account = new Account(UUID.randomUUID().toString(), accountName, auth.accountId(), userId,
				idClaims.email(), idClaims.planType(), true, AccountStatus.ACTIVE, null, expiresAt, refreshedAt, now);
		this.store.insert(account, tokens);
		logger.info("Added account {} ({})", account.id(), account.name());
		this.events.publishEvent(new AccountsChangedEvent(account.id()));
		return new Added(account, true);
	}

	/**
	 * Imports an account declared in configuration: added if new; for a known login, its
	 * tokens are replaced only when the file's are newer than the stored ones (the stored
	 * ones may have rotated since the file was written), so a file whose tokens were
	 * refused is not tried again at every start.
	 * @param auth the {@code auth.json} content
	 * @param name the configured name, if any
	 * @return the account
	 */
	@Transactional
	public Account importDeclared(AuthJson auth, @Nullable String name) {
		Optional<Account> existing = this.store.findByLogin(auth.accountId(),
				userId(auth, JwtClaims.of(auth.idToken())));
		if (existing.isPresent()) {
			Account account = existing.get();
			Instant stored = account.tokensRefreshedAt();
			boolean newer = auth.lastRefresh() != null && (stored == null || auth.lastRefresh().isAfter(stored));
			if (!newer) {
				return account;
			}
		}
		return add(auth, name).account();
	}

	@Transactional(readOnly = true)
	public List<Account> list() {
		return this.store.findAll();
	}

	/**
	 * A page of accounts, newest first.
	 * @param size how many accounts at most
	 * @param after the id of the last account of the page before, or {@code null} from
	 * the newest
	 * @return the page
	 * @throws ApiException a 400 naming {@code after} when no account has that id
	 */
	@Transactional(readOnly = true)
	public ResultPage<Account> page(int size, @Nullable String after) {
		Instant afterCreatedAt = null;
		if (after != null) {
			afterCreatedAt = this.store.createdAt(after)
				.orElseThrow(() -> ApiError
					.invalidRequest("after",
							"'after' must be the last_id of a page before; no account has the id '"
									+ ApiError.excerpt(after)
									+ "' (it may have been removed: start again from the first page).")
					.exception());
		}
		return this.store.page(size, after, afterCreatedAt);
	}

	@Transactional(readOnly = true)
	public Optional<Account> find(String id) {
		return this.store.find(id);
	}

	@Transactional
	public Account update(String id, @Nullable String name, @Nullable Boolean enabled) {
		this.store.lock(id);
		Account account = this.store.find(id).orElseThrow(() -> notFound(id));
		String newName = (name != null) ? name : account.name();
		if (!newName.equals(account.name()) && this.store.nameTaken(newName)) {
			throw ApiError
				.invalidRequest("name", "An account named '" + ApiError.excerpt(newName) + "' already exists.")
				.exception();
		}
		this.store.update(id, newName, (enabled != null) ? enabled : account.enabled(), this.clock.instant());
		logger.info("Updated account {}", id);
		this.events.publishEvent(new AccountsChangedEvent(id));
		return this.store.find(id).orElseThrow(() -> notFound(id));
	}

	@Transactional
	public void delete(String id) {
		if (!this.store.delete(id)) {
			throw notFound(id);
		}
		logger.info("Deleted account {}", id);
		this.events.publishEvent(new AccountsChangedEvent(id));
	}

	private static Account withTokens(Account account, JwtClaims idClaims, @Nullable Instant expiresAt,
			Instant refreshedAt) {
		return new Account(account.id(), account.name(), account.chatgptAccountId(), account.chatgptUserId(),
				(idClaims.email() != null) ? idClaims.email() : account.email(),
				(idClaims.planType() != null) ? idClaims.planType() : account.planType(), account.enabled(),
				AccountStatus.ACTIVE, null, expiresAt, refreshedAt, account.createdAt());
	}

	private static String userId(AuthJson auth, JwtClaims idClaims) {
		String subject = (idClaims.subject() != null) ? idClaims.subject() : JwtClaims.of(auth.accessToken()).subject();
		return (subject != null) ? subject : "";
	}

	private static String defaultName(AuthJson auth, JwtClaims idClaims) {
		String email = idClaims.email();
		if (email != null && email.length() <= 100) {
			return email;
		}
		String id = auth.accountId();
		return "account-" + id.substring(0, Math.min(id.length(), 12));
	}

	private static ApiException notFound(String id) {
		return ApiError.notFound("account_not_found", "No account with id '" + ApiError.excerpt(id) + "'.", "id")
			.exception();
	}

	/**
	 * The outcome of adding an account.
	 *
	 * @param account the account
	 * @param created whether it is new
	 */
	public record Added(Account account, boolean created) {

	}

}
