package io.codexlb.admin;

import java.net.URI;

import io.codexlb.apikey.ApiKey;
import io.codexlb.apikey.ApiKeyFilter;
import io.codexlb.apikey.ApiKeyService;
import io.codexlb.apikey.ApiKeyStatus;
import io.codexlb.apikey.IssuedApiKey;
import io.codexlb.catalog.CatalogAdministration;
import io.codexlb.catalog.CatalogScope;
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
 * The admin API for API keys; only admin keys reach it. Every write is in the audit log.
 */
@RestController
@RequestMapping(path = "/api/api-keys", produces = "application/json")
class ApiKeyAdminController {

	private final ApiKeyService service;

	private final CatalogAdministration catalog;

	private final AdminCommands commands;

	ApiKeyAdminController(ApiKeyService service, CatalogAdministration catalog, AdminCommands commands) {
		this.service = service;
		this.catalog = catalog;
		this.commands = commands;
	}

	@PostMapping(consumes = "application/json")
	ResponseEntity<IssuedApiKeyResponse> create(@Valid @RequestBody ApiKeyCreateRequest request) {
		IssuedApiKey issued = this.commands.createApiKey(request.newApiKey());
		return ResponseEntity.status(HttpStatus.CREATED)
			.location(URI.create("/api/api-keys/" + issued.record().id()))
			.header(HttpHeaders.CACHE_CONTROL, ResponseHeaders.NO_STORE)
			.body(IssuedApiKeyResponse.of(issued));
	}

	/**
	 * A page of the keys, newest first: {@code after} is the {@code last_id} of the page
	 * before, {@code q} a part of the name or the start of the display prefix.
	 * @param limit how many keys at most
	 * @param after the last key of the page before
	 * @param q the search text
	 * @param status {@code active}, {@code disabled} or {@code expired}
	 * @return the page
	 */
	@GetMapping
	ResponseEntity<AdminResponses.PageOf<ApiKeyResponse>> page(@RequestParam(required = false) @Nullable String limit,
			@RequestParam(required = false) @Nullable String after, @RequestParam(required = false) @Nullable String q,
			@RequestParam(required = false) @Nullable String status) {
		String state = PageParameters.oneOf("status", status, ApiKeyStatus.WIRE_NAMES);
		ApiKeyFilter filter = new ApiKeyFilter(PageParameters.search("q", q),
				(state != null) ? ApiKeyStatus.parse(state).orElseThrow() : null);
		return AdminResponses.page(this.service.page(PageParameters.limit(limit), PageParameters.text(after), filter)
			.map(ApiKeyResponse::of), ApiKeyResponse::id);
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
		return AdminResponses.ok(ApiKeyResponse.of(this.commands.updateApiKey(id, body)));
	}

	@DeleteMapping("/{id}")
	ResponseEntity<AdminResponses.Deleted> delete(@PathVariable String id) {
		this.commands.deleteApiKey(id);
		return AdminResponses.deleted(id, "api_key.deleted");
	}

	@PostMapping("/{id}/regenerate")
	ResponseEntity<IssuedApiKeyResponse> regenerate(@PathVariable String id) {
		return ResponseEntity.ok()
			.header(HttpHeaders.CACHE_CONTROL, ResponseHeaders.NO_STORE)
			.body(IssuedApiKeyResponse.of(this.commands.regenerateApiKey(id)));
	}

}
