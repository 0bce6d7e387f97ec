package io.codexlb.admin;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import io.codexlb.account.Account;
import io.codexlb.account.AccountService;
import io.codexlb.apikey.ApiKey;
import io.codexlb.apikey.ApiKeyService;
import io.codexlb.audit.AuditChange;
import io.codexlb.audit.AuditEntry;
import io.codexlb.error.ApiError;
import io.codexlb.error.ResponseHeaders;
import jakarta.validation.Valid;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The admin API for upstream accounts: add one from a Codex CLI {@code auth.json}, list,
 * rename, enable or disable, remove. Every write is in the audit log.
 */
@RestController
@RequestMapping(path = "/api/accounts", produces = "application/json")
class AccountAdminController {

	// the fields of a new account as the audit log records them; its tokens only by name
	static final List<String> ADDED_FIELDS = List.of("name", "chatgpt_account_id", "email", "plan_type", "enabled",
			"status", "access_token_expires_at");

	// what posting the auth.json of a login already added sets besides its tokens
	static final List<String> READDED_FIELDS = List.of("email", "plan_type", "status", "status_reason",
			"access_token_expires_at");

	private final AccountService service;

	private final ApiKeyService apiKeys;

	private final PatchBinder patches;

	private final AuditedWrites audited;

	AccountAdminController(AccountService service, ApiKeyService apiKeys, PatchBinder patches, AuditedWrites audited) {
		this.service = service;
		this.apiKeys = apiKeys;
		this.patches = patches;
		this.audited = audited;
	}

	/**
	 * Adds the login of an {@code auth.json} (with an optional {@code name}); posting the
	 * {@code auth.json} of a login already added replaces its tokens.
	 * @param request the {@code auth.json} content
	 * @return 201 with a new account, 200 with an updated one
	 */
	@PostMapping(consumes = "application/json")
	ResponseEntity<AccountResponse> add(@Valid @RequestBody AccountCreateRequest request) {
		AccountService.Added added = this.audited.write(() -> this.service.add(request.authJson(), request.name()),
				(result) -> {
					List<AuditChange> changes = new ArrayList<>(this.audited.changes(
							AccountResponse.of(result.account()), result.created() ? ADDED_FIELDS : READDED_FIELDS));
					changes.add(AuditChange.secret("tokens"));
					return entry(result.created() ? "account.add" : "account.re_add", result.account().id(), changes);
				});
		AccountResponse account = AccountResponse.of(added.account());
		if (!added.created()) {
			return AdminResponses.ok(account);
		}
		return ResponseEntity.status(HttpStatus.CREATED)
			.location(URI.create("/api/accounts/" + account.id()))
			.header(HttpHeaders.CACHE_CONTROL, ResponseHeaders.PRIVATE_NO_CACHE)
			.body(account);
	}

	@GetMapping
	ResponseEntity<AdminResponses.ListOf<AccountResponse>> list() {
		return AdminResponses.list(this.service.list().stream().map(AccountResponse::of).toList());
	}

	@GetMapping("/{id}")
	ResponseEntity<AccountResponse> get(@PathVariable String id) {
		return AdminResponses.ok(AccountResponse.of(this.service.find(id)
			.orElseThrow(() -> ApiError
				.notFound("account_not_found", "No account with id '" + ApiError.excerpt(id) + "'.", "id")
				.exception())));
	}

	@PatchMapping(path = "/{id}", consumes = "application/json")
	ResponseEntity<AccountResponse> update(@PathVariable String id, @RequestBody JsonNode body) {
		PatchBinder.Patch<AccountUpdateRequest> patch = this.patches.bind(body, AccountUpdateRequest.class);
		AccountUpdateRequest request = patch.request().withoutNulls(patch.fields());
		Account updated = this.audited.write(() -> this.service.update(id, request.name(), request.enabled()),
				(changed) -> entry("account.update", id,
						this.audited.changes(AccountResponse.of(changed), new TreeSet<>(patch.fields()))));
		return AdminResponses.ok(AccountResponse.of(updated));
	}

	/**
	 * Deletes an account, and removes it from the keys bound to it: each key whose
	 * binding changes has its own audit row.
	 * @param id the account
	 * @return the deletion
	 */
	@DeleteMapping("/{id}")
	ResponseEntity<AdminResponses.Deleted> delete(@PathVariable String id) {
		this.audited.writeAll(() -> {
			// before the account goes, so that its bindings are known
			List<ApiKey> unbound = this.apiKeys.unbindAccount(id);
			this.service.delete(id);
			return unbound;
		}, (unbound) -> {
			List<AuditEntry> entries = new ArrayList<>();
			entries.add(entry("account.delete", id, List.of()));
			unbound.forEach((key) -> entries.add(new AuditEntry("api_key.update", "api_key", key.id(),
					this.audited.changes(ApiKeyResponse.of(key), List.of("account_ids")))));
			return entries;
		});
		return AdminResponses.deleted(id, "account.deleted");
	}

	private static AuditEntry entry(String action, String id, List<AuditChange> changes) {
		return new AuditEntry(action, "account", id, changes);
	}

}
