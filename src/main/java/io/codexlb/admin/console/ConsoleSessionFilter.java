package io.codexlb.admin.console;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.codexlb.apikey.ApiKeyGrant;
import io.codexlb.apikey.ApiKeyResolver;
import io.codexlb.apikey.ApiKeyResolver.Resolution;
import io.codexlb.security.ApiKeyAuthentication;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates a console request by its session: the key it signed in with is read again
 * from the store on every request, so a session ends on the first request after the key
 * is disabled, deleted or expired, or after the absolute timeout. A request that changes
 * something and has no session is sent to the sign-in page before its form is read; only
 * the sign-in itself is read without one.
 */
final class ConsoleSessionFilter extends OncePerRequestFilter {

	private static final Logger logger = LoggerFactory.getLogger(ConsoleSessionFilter.class);

	private final ApiKeyResolver resolver;

	private final Clock clock;

	private final Duration absoluteTimeout;

	private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

	ConsoleSessionFilter(ApiKeyResolver resolver, Clock clock, Duration absoluteTimeout) {
		this.resolver = resolver;
		this.clock = clock;
		this.absoluteTimeout = absoluteTimeout;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		HttpSession session = request.getSession(false);
		String keyId = ConsoleSession.keyId(session);
		if (keyId == null || session == null) {
			if (!isSafe(request) && !ConsoleRoutes.SIGN_IN.equals(ConsoleRoutes.path(request))) {
				response.sendRedirect(ConsoleRoutes.SIGN_IN);
				return;
			}
			chain.doFilter(request, response);
			return;
		}
		Instant now = this.clock.instant();
		if (!now.isBefore(ConsoleSession.signedInAt(session).plus(this.absoluteTimeout))) {
			end(session, response, "timed_out");
			return;
		}
		Resolution resolution = this.resolver.resolveById(keyId);
		if (resolution instanceof Resolution.Rejected rejected) {
			if (rejected.error().status() == HttpStatus.SERVICE_UNAVAILABLE) {
				response.sendError(HttpStatus.SERVICE_UNAVAILABLE.value(), rejected.error().message());
				return;
			}
			end(session, response, "key_revoked");
			return;
		}
		ApiKeyGrant grant = ((Resolution.Granted) resolution).grant();
		if (!grant.admin() || !grant.keyPrefix().equals(ConsoleSession.keyPrefix(session))) {
			// regenerated since the sign-in: the secret that signed in no longer works
			end(session, response, "key_revoked");
			return;
		}
		SecurityContext context = this.contexts.createEmptyContext();
		context.setAuthentication(new ApiKeyAuthentication(grant));
		this.contexts.setContext(context);
		try {
			chain.doFilter(request, response);
		}
		finally {
			this.contexts.clearContext();
		}
	}

	private void end(HttpSession session, HttpServletResponse response, String reason) throws IOException {
		logger.info("Console session of key {} ended: {}", ConsoleSession.keyId(session), reason);
		session.invalidate();
		response.sendRedirect(ConsoleRoutes.SIGN_IN + "?ended=" + reason);
	}

	private static boolean isSafe(HttpServletRequest request) {
		String method = request.getMethod();
		return HttpMethod.GET.matches(method) || HttpMethod.HEAD.matches(method);
	}

}
