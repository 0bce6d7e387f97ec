package io.codexlb.admin;

import java.net.URI;

import io.codexlb.account.AccountService;
import io.codexlb.error.ApiError;
import io.codexlb.error.ResponseHeaders;
import jakarta.validation.Valid;
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
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The admin API for upstream accounts: add one from a Codex CLI {@code auth.json}, list,
 * rename, enable or disable, remove. Every write is in the audit log.
 */
@RestController
@RequestMapping(path = "/api/accounts", produces = "application/json")
class AccountAdminController {

	private final AccountService service;

	private final AdminCommands commands;

	AccountAdminController(AccountService service, AdminCommands commands) {
		this.service = service;
		this.commands = commands;
	}

	/**
	 * Adds the login of an {@code auth.json} (with an optional {@code name}); posting the
	 * {@code auth.json} of a login already added replaces its tokens.
	 * @param request the {@code auth.json} content
	 * @return 201 with a new account, 200 with an updated one
	 */
	@PostMapping(consumes = "application/json")
	ResponseEntity<AccountResponse> add(@Valid @RequestBody AccountCreateRequest request) {
		AccountService.Added added = this.commands.addAccount(request);
		AccountResponse account = AccountResponse.of(added.account());
		if (!added.created()) {
			return AdminResponses.ok(account);
		}
		return ResponseEntity.status(HttpStatus.CREATED)
			.location(URI.create("/api/accounts/" + account.id()))
			.header(HttpHeaders.CACHE_CONTROL, ResponseHeaders.PRIVATE_NO_CACHE)
			.body(account);
	}

	/**
	 * A page of the accounts, newest first: {@code after} is the {@code last_id} of the
	 * page before.
	 * @param limit how many accounts at most
	 * @param after the last account of the page before
	 * @return the page
	 */
	@GetMapping
	ResponseEntity<AdminResponses.PageOf<AccountResponse>> page(@RequestParam(required = false) @Nullable String limit,
			@RequestParam(required = false) @Nullable String after) {
		return AdminResponses.page(
				this.service.page(PageParameters.limit(limit), PageParameters.text(after)).map(AccountResponse::of),
				AccountResponse::id);
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
		return AdminResponses.ok(AccountResponse.of(this.commands.updateAccount(id, body)));
	}

	/**
	 * Deletes an account, and removes it from the keys bound to it: each key whose
	 * binding changes has its own audit row.
	 * @param id the account
	 * @return the deletion
	 */
	@DeleteMapping("/{id}")
	ResponseEntity<AdminResponses.Deleted> delete(@PathVariable String id) {
		this.commands.deleteAccount(id);
		return AdminResponses.deleted(id, "account.deleted");
	}

}
