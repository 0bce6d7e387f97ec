package io.codexlb.ratelimit;

import java.io.IOException;

import io.codexlb.apikey.ApiKeyGrant;
import io.codexlb.error.ApiError;
import io.codexlb.error.ErrorRenderer;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Takes one token per authenticated request to a models route, before the controller
 * answers, so that 304s and 404s count too; unauthenticated requests never get here.
 */
final class RateLimitFilter extends OncePerRequestFilter {

	private final RateLimiter limiter;

	private final ErrorRenderer renderer;

	RateLimitFilter(RateLimiter limiter, ErrorRenderer renderer) {
		this.limiter = limiter;
		this.renderer = renderer;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication == null || !(authentication.getPrincipal() instanceof ApiKeyGrant grant)) {
			chain.doFilter(request, response);
			return;
		}
		RateLimitDecision decision = this.limiter.take(grant);
		if (decision instanceof RateLimitDecision.Admitted admitted) {
			admitted.headers().forEach((header) -> response.setHeader(header[0], header[1]));
			chain.doFilter(request, response);
		}
		else if (decision instanceof RateLimitDecision.Rejected rejected) {
			rejected.headers().forEach((header) -> response.setHeader(header[0], header[1]));
			response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(rejected.retryAfterSeconds()));
			this.renderer.write(response, ApiError.rateLimited(rejected.retryAfterSeconds()));
		}
		else if (decision instanceof RateLimitDecision.Unavailable) {
			response.setHeader(HttpHeaders.RETRY_AFTER, "1");
			this.renderer.write(response,
					ApiError.serviceUnavailable("Rate limiting is temporarily unavailable. Please retry shortly."));
		}
		else {
			chain.doFilter(request, response);
		}
	}

}
