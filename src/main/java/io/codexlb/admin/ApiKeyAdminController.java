package io.codexlb.admin;

import java.net.URI;

import io.codexlb.apikey.ApiKeyService;
import io.codexlb.apikey.IssuedApiKey;
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
 * The admin API for API keys; only admin keys reach it.
 */
@RestController
@RequestMapping(path = "/api/api-keys", produces = "application/json")
class ApiKeyAdminController {

	private final ApiKeyService service;

	private final PatchBinder patches;

	ApiKeyAdminController(ApiKeyService service, PatchBinder patches) {
		this.service = service;
		this.patches = patches;
	}

	@PostMapping(consumes = "application/json")
	ResponseEntity<IssuedApiKeyResponse> create(@Valid @RequestBody ApiKeyCreateRequest request) {
		IssuedApiKey issued = this.service.create(request.newApiKey());
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
		return AdminResponses.ok(ApiKeyResponse.of(this.service.find(id)
			.orElseThrow(() -> ApiError
				.notFound("api_key_not_found", "No API key with id '" + ApiError.excerpt(id) + "'.", "id")
				.exception())));
	}

	@PatchMapping(path = "/{id}", consumes = "application/json")
	ResponseEntity<ApiKeyResponse> update(@PathVariable String id, @RequestBody JsonNode body) {
		if (body.has("admin")) {
			// whether a key is an admin key is fixed when it is created
			throw ApiError.invalidRequest("admin", "'admin' cannot be changed; create a new key instead.").exception();
		}
		PatchBinder.Patch<ApiKeyUpdateRequest> patch = this.patches.bind(body, ApiKeyUpdateRequest.class);
		return AdminResponses.ok(ApiKeyResponse.of(this.service.update(id, patch.request().changes(patch.fields()))));
	}

	@DeleteMapping("/{id}")
	ResponseEntity<AdminResponses.Deleted> delete(@PathVariable String id) {
		this.service.delete(id);
		return AdminResponses.deleted(id, "api_key.deleted");
	}

	@PostMapping("/{id}/regenerate")
	ResponseEntity<IssuedApiKeyResponse> regenerate(@PathVariable String id) {
		return ResponseEntity.ok()
			.header(HttpHeaders.CACHE_CONTROL, ResponseHeaders.NO_STORE)
			.body(IssuedApiKeyResponse.of(this.service.regenerate(id)));
	}

}
