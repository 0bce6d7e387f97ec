package io.codexlb.web;

import java.io.IOException;

import io.codexlb.apikey.ApiKeyGrant;
import io.codexlb.catalog.CatalogRenderer;
import io.codexlb.catalog.ModelCatalog;
import io.codexlb.catalog.RenderedBody;
import io.codexlb.error.ApiError;
import io.codexlb.error.ErrorRenderer;
import io.codexlb.error.HttpStatusErrors;
import io.codexlb.error.ResponseHeaders;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The models endpoint, at the Codex path and the OpenAI-compatible paths. Every answer is
 * a body rendered once per catalog snapshot and key scope, so a request only picks the
 * bytes and writes them; that is why this is a servlet of its own and not a controller
 * behind the dispatcher: the endpoint is the hot path of the service, and has nothing to
 * negotiate. {@code HEAD} is answered like {@code GET} without the body.
 */
final class ModelsServlet extends HttpServlet {

	static final String ALLOW = "GET, HEAD, OPTIONS";

	private final ModelCatalog catalog;

	private final CatalogRenderer renderer;

	private final ErrorRenderer errors;

	ModelsServlet(ModelCatalog catalog, CatalogRenderer renderer, ErrorRenderer errors) {
		this.catalog = catalog;
		this.renderer = renderer;
		this.errors = errors;
	}

	@Override
	protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
		String method = request.getMethod();
		boolean head = method.equals("HEAD");
		if (!head && !method.equals("GET")) {
			response.setHeader(HttpHeaders.ALLOW, ALLOW);
			if (method.equals("OPTIONS")) {
				return;
			}
			this.errors.write(response, HttpStatusErrors.forStatus(405, method, request.getRequestURI()));
			return;
		}
		ApiKeyGrant grant = grant();
		if (grant == null) {
			// the models security chain lets no request through without a key
			this.errors.write(response, ApiError.missingApiKey());
			return;
		}
		String modelPath = request.getPathInfo();
		if (modelPath == null) {
			boolean codexShape = request.getParameter("client_version") != null;
			write(request, response, this.renderer.list(this.catalog.current(), grant.allowedModels(), codexShape),
					head);
			return;
		}
		String modelId = modelPath.substring(1);
		if (modelId.isEmpty() || modelId.indexOf('/') >= 0) {
			this.errors.write(response, HttpStatusErrors.forStatus(404, method, request.getRequestURI()));
			return;
		}
		RenderedBody body = this.renderer.model(this.catalog.current(), modelId, grant.allowedModels());
		if (body == null) {
			// the same answer for an unknown model and a forbidden one, so a key cannot
			// probe
			this.errors.write(response, ApiError.notFound("model_not_found",
					"The model '" + ApiError.excerpt(modelId) + "' does not exist or you do not have access to it.",
					"model"));
			return;
		}
		write(request, response, body, head);
	}

	private static @Nullable ApiKeyGrant grant() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		return (authentication != null && authentication.getPrincipal() instanceof ApiKeyGrant grant) ? grant : null;
	}

	private static void write(HttpServletRequest request, HttpServletResponse response, RenderedBody body, boolean head)
			throws IOException {
		byte[] gzip = body.gzip();
		boolean gzipped = gzip != null
				&& ConditionalResponses.acceptsGzip(request.getHeaders(HttpHeaders.ACCEPT_ENCODING));
		response.setHeader(HttpHeaders.ETAG, gzipped ? body.gzipEtag() : body.etag());
		response.setHeader(HttpHeaders.CACHE_CONTROL, ResponseHeaders.PRIVATE_NO_CACHE);
		response.setHeader(HttpHeaders.VARY, ConditionalResponses.VARY);
		if (ConditionalResponses.notModified(request.getHeaders(HttpHeaders.IF_NONE_MATCH), body)) {
			response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
			return;
		}
		byte[] bytes = gzipped ? gzip : body.identity();
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		if (gzipped) {
			response.setHeader(HttpHeaders.CONTENT_ENCODING, "gzip");
		}
		response.setContentLength(bytes.length);
		if (!head) {
			response.getOutputStream().write(bytes);
		}
	}

}
