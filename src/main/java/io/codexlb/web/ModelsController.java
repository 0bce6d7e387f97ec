package io.codexlb.web;

import io.codexlb.apikey.ApiKeyGrant;
import io.codexlb.catalog.CatalogRenderer;
import io.codexlb.catalog.ModelCatalog;
import io.codexlb.catalog.RenderedBody;
import io.codexlb.error.ApiError;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The models endpoint, at the Codex path and the OpenAI-compatible paths; {@code HEAD} is
 * answered like {@code GET} without the body.
 */
@RestController
class ModelsController {

	private final ModelCatalog catalog;

	private final CatalogRenderer renderer;

	ModelsController(ModelCatalog catalog, CatalogRenderer renderer) {
		this.catalog = catalog;
		this.renderer = renderer;
	}

	@GetMapping({ "/backend-api/codex/models", "/v1/models", "/backend-api/codex/v1/models" })
	ResponseEntity<byte[]> list(@AuthenticationPrincipal ApiKeyGrant grant,
			@RequestParam(name = "client_version", required = false) @Nullable String clientVersion,
			HttpServletRequest request) {
		RenderedBody body = this.renderer.list(this.catalog.current(), grant.allowedModels(), clientVersion != null);
		return ConditionalResponses.respond(request, body);
	}

	@GetMapping({ "/backend-api/codex/models/{modelId}", "/v1/models/{modelId}",
			"/backend-api/codex/v1/models/{modelId}" })
	ResponseEntity<byte[]> model(@AuthenticationPrincipal ApiKeyGrant grant, @PathVariable String modelId,
			HttpServletRequest request) {
		RenderedBody body = this.renderer.model(this.catalog.current(), modelId, grant.allowedModels());
		if (body == null) {
			// the same answer for an unknown model and a forbidden one, so a key cannot
			// probe
			throw ApiError
				.notFound("model_not_found",
						"The model '" + ApiError.excerpt(modelId) + "' does not exist or you do not have access to it.",
						"model")
				.exception();
		}
		return ConditionalResponses.respond(request, body);
	}

}
