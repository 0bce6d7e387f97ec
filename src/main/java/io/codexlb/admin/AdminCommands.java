package io.codexlb.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import io.codexlb.account.Account;
import io.codexlb.account.AccountService;
import io.codexlb.apikey.ApiKey;
import io.codexlb.apikey.ApiKeyChanges;
import io.codexlb.apikey.ApiKeyService;
import io.codexlb.apikey.IssuedApiKey;
import io.codexlb.apikey.NewApiKey;
import io.codexlb.audit.AuditChange;
import io.codexlb.audit.AuditEntry;
import io.codexlb.catalog.CatalogAdministration;
import io.codexlb.catalog.CatalogStatus;
import io.codexlb.error.ApiError;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;

/**
 * The admin writes, each made and recorded in the audit log in one transaction: the JSON
 * routes and the console make them through here. The console hands over the body the
 * route would take, which binds and validates as the route's does, so both refuse the
 * same input with the same error.
 */
@Component
public class AdminCommands {

	// the fields of a new key as the audit log records them; the key itself only by name
	static final List<String> CREATED_KEY_FIELDS = List.of("name", "allowed_models", "account_ids", "expires_at",
			"admin", "rate_limit");

	// the fields of a new account as the audit log records them; its tokens only by name
	static final List<String> ADDED_ACCOUNT_FIELDS = List.of("name", "chatgpt_account_id", "email", "plan_type",
			"enabled", "status", "access_token_expires_at");

	// what posting the auth.json of a login already added sets besides its tokens
	static final List<String> READDED_ACCOUNT_FIELDS = List.of("email", "plan_type", "status", "status_reason",
			"access_token_expires_at");

	private final ApiKeyService apiKeys;

	private final AccountService accounts;

	private final CatalogAdministration catalog;

	private final PatchBinder binder;

	private final AuditedWrites audited;

	AdminCommands(ApiKeyService apiKeys, AccountService accounts, CatalogAdministration catalog, PatchBinder binder,
			AuditedWrites audited) {
		this.apiKeys = apiKeys;
		this.accounts = accounts;
		this.catalog = catalog;
		this.binder = binder;
		this.audited = audited;
	}

	/**
	 * Creates a key from the body of {@code POST /api/api-keys}.
	 * @param body the body
	 * @return the key, with its plaintext
	 * @throws io.codexlb.error.ApiException the route's 400 when the body is not valid
	 */
	public IssuedApiKey createApiKey(JsonNode body) {
		return createApiKey(this.binder.bind(body, ApiKeyCreateRequest.class).request().newApiKey());
	}

	IssuedApiKey createApiKey(NewApiKey key) {
		return this.audited.write(() -> {
			requireKnown(key.accountIds());
			return boundToKnownAccounts(() -> this.apiKeys.create(key));
		}, (created) -> keyEntry("api_key.create", created.record().id(),
				withKey(this.audited.changes(ApiKeyResponse.of(created.record()), CREATED_KEY_FIELDS))));
	}

	/**
	 * Changes a key as {@code PATCH /api/api-keys/{id}} does.
	 * @param id the key
	 * @param body the body: the fields it has change
	 * @return the changed key
	 * @throws io.codexlb.error.ApiException the route's 400 or 404
	 */
	public ApiKey updateApiKey(String id, JsonNode body) {
		if (body.has("admin")) {
			// whether a key is an admin key is fixed when it is created
			throw ApiError.invalidRequest("admin", "'admin' cannot be changed; create a new key instead.").exception();
		}
		PatchBinder.Patch<ApiKeyUpdateRequest> patch = this.binder.bind(body, ApiKeyUpdateRequest.class);
		ApiKeyChanges changes = patch.request().changes(patch.fields());
		return this.audited.write(() -> {
			requireKnown(changes.accountIds());
			return boundToKnownAccounts(() -> this.apiKeys.update(id, changes));
		}, (changed) -> keyEntry("api_key.update", id,
				this.audited.changes(ApiKeyResponse.of(changed), new TreeSet<>(patch.fields()))));
	}

	/**
	 * Deletes a key.
	 * @param id the key
	 * @throws io.codexlb.error.ApiException a 404 for an unknown key
	 */
	public void deleteApiKey(String id) {
		this.audited.write(() -> {
			this.apiKeys.delete(id);
			return id;
		}, (deleted) -> keyEntry("api_key.delete", id, List.of()));
	}

	/**
	 * Gives a key a new secret; the old one stops working.
	 * @param id the key
	 * @return the key, with its new plaintext
	 * @throws io.codexlb.error.ApiException a 404 for an unknown key
	 */
	public IssuedApiKey regenerateApiKey(String id) {
		return this.audited.write(() -> this.apiKeys.regenerate(id), (regenerated) -> keyEntry("api_key.regenerate", id,
				withKey(this.audited.changes(ApiKeyResponse.of(regenerated.record()), List.of("key_prefix")))));
	}

	/**
	 * Adds the login of an {@code auth.json}, the body of {@code POST /api/accounts}.
	 * @param body the body
	 * @return the account, and whether it is new
	 * @throws io.codexlb.error.ApiException the route's 400 when the body is not valid
	 */
	public AccountService.Added addAccount(JsonNode body) {
		return addAccount(this.binder.bind(body, AccountCreateRequest.class).request());
	}

	AccountService.Added addAccount(AccountCreateRequest request) {
		return this.audited.write(() -> this.accounts.add(request.authJson(), request.name()), (result) -> {
			List<AuditChange> changes = new ArrayList<>(this.audited.changes(AccountResponse.of(result.account()),
					result.created() ? ADDED_ACCOUNT_FIELDS : READDED_ACCOUNT_FIELDS));
			changes.add(AuditChange.secret("tokens"));
			return accountEntry(result.created() ? "account.add" : "account.re_add", result.account().id(), changes);
		});
	}

	/**
	 * Changes an account as {@code PATCH /api/accounts/{id}} does.
	 * @param id the account
	 * @param body the body: the fields it has change
	 * @return the changed account
	 * @throws io.codexlb.error.ApiException the route's 400 or 404
	 */
	public Account updateAccount(String id, JsonNode body) {
		PatchBinder.Patch<AccountUpdateRequest> patch = this.binder.bind(body, AccountUpdateRequest.class);
		AccountUpdateRequest request = patch.request().withoutNulls(patch.fields());
		return this.audited.write(() -> this.accounts.update(id, request.name(), request.enabled()),
				(changed) -> accountEntry("account.update", id,
						this.audited.changes(AccountResponse.of(changed), new TreeSet<>(patch.fields()))));
	}

	/**
	 * Deletes an account, and removes it from the keys bound to it: each key whose
	 * binding changes has its own audit row.
	 * @param id the account
	 * @throws io.codexlb.error.ApiException a 404 for an unknown account
	 */
	public void deleteAccount(String id) {
		this.audited.writeAll(() -> {
			// before the account goes, so that its bindings are known
			List<ApiKey> unbound = this.apiKeys.unbindAccount(id);
			this.accounts.delete(id);
			return unbound;
		}, (unbound) -> {
			List<AuditEntry> entries = new ArrayList<>();
			entries.add(accountEntry("account.delete", id, List.of()));
			unbound.forEach((key) -> entries.add(keyEntry("api_key.update", key.id(),
					this.audited.changes(ApiKeyResponse.of(key), List.of("account_ids")))));
			return entries;
		});
	}

	/**
	 * Refreshes the catalog now and waits for the round.
	 * @return the status after it
	 */
	public CatalogStatus refreshCatalog() {
		// recorded when asked for: the round runs even when the wait for it fails
		this.audited.record(new AuditEntry("catalog.refresh", "catalog", null, List.of()));
		return this.catalog.refresh();
	}

	/**
	 * Records a console sign-in or sign-out, by the key of the request's authentication.
	 * @param action {@code console.sign_in} or {@code console.sign_out}
	 */
	public void recordConsoleSession(String action) {
		this.audited.record(new AuditEntry(action, "console_session", null, List.of()));
	}

	// in the write's transaction; an account deleted after it leaves every key that
	// names it
	private void requireKnown(@Nullable Set<String> accountIds) {
		if (accountIds == null) {
			return;
		}
		Set<String> known = this.accounts.list().stream().map(Account::id).collect(Collectors.toSet());
		accountIds.stream().filter((id) -> !known.contains(id)).sorted().findFirst().ifPresent((unknown) -> {
			throw ApiError
				.invalidRequest("account_ids", "unknown_account",
						"No account with id '" + ApiError.excerpt(unknown) + "' (in 'account_ids').")
				.exception();
		});
	}

	// an account deleted between the check and the write breaks the binding's foreign
	// key: the same answer as an account that was never there
	private static <T> T boundToKnownAccounts(Supplier<T> write) {
		try {
			return write.get();
		}
		catch (DataIntegrityViolationException ex) {
			throw ApiError.invalidRequest("account_ids", "unknown_account", "An account in 'account_ids' was deleted.")
				.exception();
		}
	}

	private static AuditEntry keyEntry(String action, String id, List<AuditChange> changes) {
		return new AuditEntry(action, "api_key", id, changes);
	}

	private static AuditEntry accountEntry(String action, String id, List<AuditChange> changes) {
		return new AuditEntry(action, "account", id, changes);
	}

	private static List<AuditChange> withKey(List<AuditChange> changes) {
		List<AuditChange> all = new ArrayList<>(changes);
		all.add(AuditChange.secret("key"));
		return all;
	}

}
