package io.codexlb.security;

import java.io.IOException;
import java.util.Enumeration;

import io.codexlb.apikey.ApiKeyResolver;
import io.codexlb.apikey.ApiKeyResolver.Resolution;
import io.codexlb.error.ApiError;
import io.codexlb.error.ErrorRenderer;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates a request by its bearer API key. A token that does not resolve is
 * answered here with 401 (or 503 when the store cannot be reached). A request without a
 * bearer token is answered with 401 too where every request needs a key; elsewhere it
 * passes on unauthenticated, and the chain's entry point answers where a key is needed.
 */
public final class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

	private static final String SCHEME = "Bearer";

	private final ApiKeyResolver resolver;

	private final ErrorRenderer renderer;

	private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

	private final boolean keyRequired;

	ApiKeyAuthenticationFilter(ApiKeyResolver resolver, ErrorRenderer renderer, boolean keyRequired) {
		this.resolver = resolver;
		this.renderer = renderer;
		this.keyRequired = keyRequired;
	}

	/**
	 * The filter for routes where every request needs a key: a request without one is
	 * answered with 401 here.
	 * @param resolver the key resolver
	 * @param renderer the error renderer
	 * @return the filter
	 */
	public static ApiKeyAuthenticationFilter keyRequired(ApiKeyResolver resolver, ErrorRenderer renderer) {
		return new ApiKeyAuthenticationFilter(resolver, renderer, true);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String token = bearerToken(request.getHeader(HttpHeaders.AUTHORIZATION));
		if (token == null) {
			if (this.keyRequired) {
				this.renderer.write(response, ApiError.missingApiKey());
			}
			else {
				chain.doFilter(request, response);
			}
			return;
		}
		// two credentials are ambiguous: which one a proxy or the container reads first
		// must not decide who the client is
		if (hasSecondAuthorization(request)) {
			this.renderer.write(response, ApiError.invalidApiKey());
			return;
		}
		Resolution resolution = this.resolver.resolve(token);
		if (resolution instanceof Resolution.Rejected rejected) {
			this.renderer.write(response, rejected.error());
			return;
		}
		SecurityContext context = this.contexts.createEmptyContext();
		context.setAuthentication(new ApiKeyAuthentication(((Resolution.Granted) resolution).grant()));
		this.contexts.setContext(context);
		try {
			chain.doFilter(request, response);
		}
		finally {
			this.contexts.clearContext();
		}
	}

	private static boolean hasSecondAuthorization(HttpServletRequest request) {
		Enumeration<String> values = request.getHeaders(HttpHeaders.AUTHORIZATION);
		values.nextElement();
		return values.hasMoreElements();
	}

	/**
	 * The token of a {@code Bearer} credential; the scheme is case-insensitive (RFC
	 * 9110).
	 * @param header the {@code Authorization} header
	 * @return the token, or {@code null} when there is no bearer token at all
	 */
	static @Nullable String bearerToken(@Nullable String header) {
		if (header == null || header.length() <= SCHEME.length()
				|| !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())
				|| header.charAt(SCHEME.length()) != ' ') {
			return null;
		}
		int start = SCHEME.length();
		while (start < header.length() && header.charAt(start) == ' ') {
			start++;
		}
		return (start < header.length()) ? header.substring(start) : null;
	}

}
