package io.codexlb.web;

import java.io.IOException;
import java.util.List;

import io.codexlb.apikey.ApiKeyGrant;
import io.codexlb.catalog.CatalogScope;
import io.codexlb.catalog.ModelCatalog;
import io.codexlb.error.ApiError;
import io.codexlb.error.ErrorRenderer;
import io.codexlb.error.HttpStatusErrors;
import io.codexlb.error.ResponseHeaders;
import io.codexlb.ratelimit.RateLimitDecision;
import io.codexlb.ratelimit.RateLimitHeader;
import io.codexlb.ratelimit.RateLimiter;
import io.codexlb.usage.UsageCounter;
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
 * negotiate. {@code HEAD} is answered like {@code GET} without the body. The key's grant,
 * which the models security chain resolved, is read once, and pays its rate-limit token
 * here before anything else is answered; the answer's status is counted for the key's
 * usage.
 */
final class ModelsServlet extends HttpServlet {

	static final String ALLOW = "GET, HEAD, OPTIONS";

	private final RateLimiter rateLimiter;

	private final ModelCatalog catalog;

	private final ModelsRenderer renderer;

	private final ErrorRenderer errors;

	private final UsageCounter usage;

	ModelsServlet(RateLimiter rateLimiter, ModelCatalog catalog, ModelsRenderer renderer, ErrorRenderer errors,
			UsageCounter usage) {
		this.rateLimiter = rateLimiter;
		this.usage = usage;
		this.catalog = catalog;
		this.renderer = renderer;
		this.errors = errors;
	}

	@Override
	protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
		ApiKeyGrant grant = grant();
		if (grant == null) {
			// the models security chain lets no request through without a key
			this.errors.write(response, ApiError.missingApiKey());
			return;
		}
		String keyId = grant.keyId();
		// every request with a key pays a token, so that 304s, 404s and 405s count too
		if (!admitted(keyId, this.rateLimiter.take(grant), response)) {
			return;
		}
		String method = request.getMethod();
		boolean head = method.equals("HEAD");
		if (!head && !method.equals("GET")) {
			response.setHeader(HttpHeaders.ALLOW, ALLOW);
			if (method.equals("OPTIONS")) {
				this.usage.count(keyId, HttpServletResponse.SC_OK);
				return;
			}
			fail(keyId, response, HttpStatusErrors.forStatus(405, method, request.getRequestURI()));
			return;
		}
		String modelPath = request.getPathInfo();
		if (modelPath == null) {
			boolean codexShape = request.getParameter("client_version") != null;
			write(keyId, request, response, this.renderer.list(this.catalog.current(), scope(grant), codexShape), head);
			return;
		}
		String modelId = modelPath.substring(1);
		if (modelId.isEmpty() || modelId.indexOf('/') >= 0) {
			fail(keyId, response, HttpStatusErrors.forStatus(404, method, request.getRequestURI()));
			return;
		}
		RenderedBody body = this.renderer.model(this.catalog.current(), modelId, scope(grant));
		if (body == null) {
			// the same answer for an unknown model and a forbidden one, so a key cannot
			// probe
			fail(keyId, response, ApiError.notFound("model_not_found",
					"The model '" + ApiError.excerpt(modelId) + "' does not exist or you do not have access to it.",
					"model"));
			return;
		}
		write(keyId, request, response, body, head);
	}

	// counted before a byte is sent: a client that has its answer finds it counted
	private void fail(String keyId, HttpServletResponse response, ApiError error) throws IOException {
		this.usage.count(keyId, error.status().value());
		this.errors.write(response, error);
	}

	/**
	 * Sends the rate-limit headers, and answers a request the limiter turned away.
	 * @param keyId the key, whose usage counts a refusal
	 * @param decision what the limiter decided
	 * @param response the answer
	 * @return whether the request goes on
	 */
	private boolean admitted(String keyId, RateLimitDecision decision, HttpServletResponse response)
			throws IOException {
		if (decision instanceof RateLimitDecision.Admitted admitted) {
			setHeaders(response, admitted.headers());
			return true;
		}
		if (decision instanceof RateLimitDecision.Rejected rejected) {
			setHeaders(response, rejected.headers());
			response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(rejected.retryAfterSeconds()));
			fail(keyId, response, ApiError.rateLimited(rejected.retryAfterSeconds()));
			return false;
		}
		if (decision instanceof RateLimitDecision.Unavailable) {
			response.setHeader(HttpHeaders.RETRY_AFTER, "1");
			fail(keyId, response,
					ApiError.serviceUnavailable("Rate limiting is temporarily unavailable. Please retry shortly."));
			return false;
		}
		return true;
	}

	private static void setHeaders(HttpServletResponse response, List<RateLimitHeader> headers) {
		for (RateLimitHeader header : headers) {
			response.setHeader(header.name(), header.value());
		}
	}

	private static CatalogScope scope(ApiKeyGrant grant) {
		return new CatalogScope(grant.allowedModels(), grant.accountIds());
	}

	// the security chain put it there; read once per request
	private static @Nullable ApiKeyGrant grant() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		return (authentication != null && authentication.getPrincipal() instanceof ApiKeyGrant grant) ? grant : null;
	}

	private void write(String keyId, HttpServletRequest request, HttpServletResponse response, RenderedBody body,
			boolean head) throws IOException {
		boolean gzipped = body.compressible()
				&& ConditionalResponses.acceptsGzip(request.getHeaders(HttpHeaders.ACCEPT_ENCODING));
		response.setHeader(HttpHeaders.ETAG, gzipped ? body.gzipEtag() : body.etag());
		response.setHeader(HttpHeaders.CACHE_CONTROL, ResponseHeaders.PRIVATE_NO_CACHE);
		response.setHeader(HttpHeaders.VARY, ConditionalResponses.VARY);
		if (ConditionalResponses.notModified(request.getHeaders(HttpHeaders.IF_NONE_MATCH), body)) {
			this.usage.count(keyId, HttpServletResponse.SC_NOT_MODIFIED);
			response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
			return;
		}
		this.usage.count(keyId, HttpServletResponse.SC_OK);
		byte[] bytes = gzipped ? body.gzip() : body.identity();
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
