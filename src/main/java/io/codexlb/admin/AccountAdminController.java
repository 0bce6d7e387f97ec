package io.codexlb.admin;

import java.net.URI;
import java.util.Set;

import io.codexlb.account.AccountService;
import io.codexlb.account.AuthJson;
import io.codexlb.error.ApiError;
import io.codexlb.system.ResponseHeaders;
import org.jspecify.annotations.Nullable;
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
 * rename, enable or disable, remove.
 */
@RestController
@RequestMapping(path = "/api/accounts", produces = "application/json")
class AccountAdminController {

	private static final Set<String> PATCH_FIELDS = Set.of("name", "enabled");

	private final AccountService service;

	AccountAdminController(AccountService service) {
		this.service = service;
	}

	/**
	 * Adds the login of an {@code auth.json} (with an optional {@code name}); posting the
	 * {@code auth.json} of a login already added replaces its tokens.
	 * @param body the {@code auth.json} content
	 * @return 201 with a new account, 200 with an updated one
	 */
	@PostMapping(consumes = "application/json")
	ResponseEntity<AccountResponse> add(@RequestBody JsonNode body) {
		AuthJson auth = AuthJson.parse(body);
		JsonNode name = body.get("name");
		String accountName = (name == null || name.isNull()) ? null : RequestFields.name(name);
		AccountService.Added added = this.service.add(auth, accountName);
		AccountResponse record = AccountResponse.of(added.account());
		if (!added.created()) {
			return AdminResponses.ok(record);
		}
		return ResponseEntity.status(HttpStatus.CREATED)
			.location(URI.create("/api/accounts/" + record.id()))
			.header(HttpHeaders.CACHE_CONTROL, ResponseHeaders.PRIVATE_NO_CACHE)
			.body(record);
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
		RequestFields.requireObject(body, null, PATCH_FIELDS);
		String name = text(body.get("name"), "name");
		JsonNode enabled = body.get("enabled");
		if (enabled != null && enabled.isNull()) {
			throw RequestFields.invalid("enabled", "'enabled' must be true or false.");
		}
		return AdminResponses.ok(AccountResponse
			.of(this.service.update(id, name, (enabled != null) ? RequestFields.bool(enabled, "enabled") : null)));
	}

	@DeleteMapping("/{id}")
	ResponseEntity<AdminResponses.Deleted> delete(@PathVariable String id) {
		this.service.delete(id);
		return AdminResponses.deleted(id, "account.deleted");
	}

	private static @Nullable String text(@Nullable JsonNode node, String param) {
		if (node == null) {
			return null;
		}
		if (node.isNull()) {
			throw RequestFields.invalid(param, "'" + param + "' must not be null.");
		}
		return RequestFields.name(node);
	}

}
