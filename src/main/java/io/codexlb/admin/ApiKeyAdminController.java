package io.codexlb.admin;

import java.net.URI;
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
import io.codexlb.catalog.CatalogScope;
import io.codexlb.error.ApiError;
import io.codexlb.error.ResponseHeaders;
import jakarta.validation.Valid;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.dao.DataIntegrityViolationException;
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
 * The admin API for API keys; only admin keys reach it. Every write is in the audit log.
 */
@RestController
@RequestMapping(path = "/api/api-keys", produces = "application/json")
class ApiKeyAdminController {

	// the fields of a new key as the audit log records them; the key itself only by name
	static final List<String> CREATED_FIELDS = List.of("name", "allowed_models", "account_ids", "expires_at", "admin",
			"rate_limit");

	private final ApiKeyService service;

	private final AccountService accounts;

	private final CatalogAdministration catalog;

	private final PatchBinder patches;

	private final AuditedWrites audited;

	ApiKeyAdminController(ApiKeyService service, AccountService accounts, CatalogAdministration catalog,
			PatchBinder patches, AuditedWrites audited) {
		this.service = service;
		this.accounts = accounts;
		this.catalog = catalog;
		this.patches = patches;
		this.audited = audited;
	}

	@PostMapping(consumes = "application/json")
	ResponseEntity<IssuedApiKeyResponse> create(@Valid @RequestBody ApiKeyCreateRequest request) {
		NewApiKey key = request.newApiKey();
		IssuedApiKey issued = this.audited.write(() -> {
			requireKnown(key.accountIds());
			return boundToKnownAccounts(() -> this.service.create(key));
		}, (created) -> entry("api_key.create", created.record().id(),
				withKey(this.audited.changes(ApiKeyResponse.of(created.record()), CREATED_FIELDS))));
		return ResponseEntity.status(HttpStatus.CREATED)
			.location(URI.create("/api/api-keys/" + issued.record().id()))
			.header(HttpHeaders.CACHE_CONTROL, ResponseHeaders.NO_STORE)
			.body(IssuedApiKeyResponse.of(issued));
	}

	@GetMapping
	ResponseEntity<AdminResponses.ListOf<ApiKeyResponse>> list() {
		return AdminResponses.list(this.service.list().stream().map(ApiKeyResponse::of).toList());
	}

	@GetMapping("/{id}")
	ResponseEntity<ApiKeyResponse> get(@PathVariable String id) {
		return AdminResponses.ok(ApiKeyResponse.of(this.service.get(id)));
	}

	/**
	 * Explains the served catalog to a key: every model, with whether the key lists it
	 * and why not.
	 * @param id the key
	 * @return the explanation
	 */
	@GetMapping("/{id}/catalog")
	ResponseEntity<KeyCatalogResponse> catalog(@PathVariable String id) {
		ApiKey key = this.service.get(id);
		return AdminResponses.ok(KeyCatalogResponse.of(key,
				this.catalog.explain(new CatalogScope(key.allowedModels(), key.accountIds()))));
	}

	@PatchMapping(path = "/{id}", consumes = "application/json")
	ResponseEntity<ApiKeyResponse> update(@PathVariable String id, @RequestBody JsonNode body) {
		if (body.has("admin")) {
			// whether a key is an admin key is fixed when it is created
			throw ApiError.invalidRequest("admin", "'admin' cannot be changed; create a new key instead.").exception();
		}
		PatchBinder.Patch<ApiKeyUpdateRequest> patch = this.patches.bind(body, ApiKeyUpdateRequest.class);
		ApiKeyChanges changes = patch.request().changes(patch.fields());
		ApiKey updated = this.audited.write(() -> {
			requireKnown(changes.accountIds());
			return boundToKnownAccounts(() -> this.service.update(id, changes));
		}, (changed) -> entry("api_key.update", id,
				this.audited.changes(ApiKeyResponse.of(changed), new TreeSet<>(patch.fields()))));
		return AdminResponses.ok(ApiKeyResponse.of(updated));
	}

	@DeleteMapping("/{id}")
	ResponseEntity<AdminResponses.Deleted> delete(@PathVariable String id) {
		this.audited.write(() -> {
			this.service.delete(id);
			return id;
		}, (deleted) -> entry("api_key.delete", id, List.of()));
		return AdminResponses.deleted(id, "api_key.deleted");
	}

	@PostMapping("/{id}/regenerate")
	ResponseEntity<IssuedApiKeyResponse> regenerate(@PathVariable String id) {
		return ResponseEntity.ok()
			.header(HttpHeaders.CACHE_CONTROL, ResponseHeaders.NO_STORE)
			.body(IssuedApiKeyResponse.of(this.audited.write(() -> this.service.regenerate(id), (regenerated) -> entry(
					"api_key.regenerate", id,
					withKey(this.audited.changes(ApiKeyResponse.of(regenerated.record()), List.of("key_prefix")))))));
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

	private static AuditEntry entry(String action, String id, List<AuditChange> changes) {
		return new AuditEntry(action, "api_key", id, changes);
	}

	private static List<AuditChange> withKey(List<AuditChange> changes) {
		List<AuditChange> all = new ArrayList<>(changes);
		all.add(AuditChange.secret("key"));
		return all;
	}

}
