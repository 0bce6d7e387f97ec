package io.codexlb.admin.console;

import java.time.Clock;
import java.time.Duration;

import io.codexlb.admin.AdminCommands;
import io.codexlb.apikey.ApiKeyGrant;
import io.codexlb.apikey.ApiKeyResolver;
import io.codexlb.apikey.ApiKeyResolver.Resolution;
import io.codexlb.error.ApiError;
import io.codexlb.security.ApiKeyAuthentication;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.csrf.HttpSessionCsrfTokenRepository;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Signing in to the console with an admin key, which is exchanged for a session and not
 * kept; and signing out. Failed sign-ins are counted per client address.
 */
@Controller
@ConsoleEnabled
class SignInController {

	private static final Logger logger = LoggerFactory.getLogger(SignInController.class);

	private final ApiKeyResolver resolver;

	private final SignInLimiter limiter;

	private final HttpSessionCsrfTokenRepository csrfTokens;

	private final AdminCommands commands;

	private final ConsoleProperties properties;

	private final Clock clock;

	SignInController(ApiKeyResolver resolver, SignInLimiter limiter, HttpSessionCsrfTokenRepository csrfTokens,
			AdminCommands commands, ConsoleProperties properties, Clock clock) {
		this.resolver = resolver;
		this.limiter = limiter;
		this.csrfTokens = csrfTokens;
		this.commands = commands;
		this.properties = properties;
		this.clock = clock;
	}

	@GetMapping("/console")
	String root() {
		return "redirect:" + ConsoleRoutes.ROOT;
	}

	@GetMapping(ConsoleRoutes.SIGN_IN)
	String signInPage(@RequestParam(required = false) @Nullable String ended,
			@RequestParam(name = "signed-out", required = false) @Nullable String signedOut, HttpServletRequest request,
			Model model) {
		formSession(request);
		if ("timed_out".equals(ended)) {
			model.addAttribute("notice", "Your session ended after " + hours(this.properties.absoluteTimeout())
					+ ". Sign in again to go on.");
		}
		else if ("key_revoked".equals(ended)) {
			model.addAttribute("notice", "Your session ended: the key it was signed in with was disabled, deleted "
					+ "or has expired. Sign in with another admin key.");
		}
		else if (signedOut != null) {
			model.addAttribute("notice", "You are signed out.");
		}
		return "console/sign-in";
	}

	@PostMapping(ConsoleRoutes.SIGN_IN)
	String signIn(@RequestParam(name = "key", defaultValue = "") String key, HttpServletRequest request,
			HttpServletResponse response, Model model) {
		String address = request.getRemoteAddr();
		Duration wait = this.limiter.attempt(address);
		if (!wait.isZero()) {
			return refused(response, model, HttpStatus.TOO_MANY_REQUESTS, "Too many failed sign-ins from your "
					+ "address. Try again in " + Math.max(1, (wait.toSeconds() + 59) / 60) + " min.");
		}
		Resolution resolution = this.resolver.resolve(key.strip());
		if (resolution instanceof Resolution.Granted granted) {
			// the cache of keys may be seconds behind a change made on another replica
			resolution = this.resolver.resolveById(granted.grant().keyId());
		}
		if (resolution instanceof Resolution.Rejected rejected) {
			ApiError error = rejected.error();
			if (error.status() == HttpStatus.SERVICE_UNAVAILABLE) {
				this.limiter.succeeded(address);
				return refused(response, model, HttpStatus.SERVICE_UNAVAILABLE,
						"The key store is unavailable. Try again shortly.");
			}
			return failed(address, response, model, error.equals(ApiError.expiredApiKey()) ? "That key has expired."
					: "That is not a valid API key, or it is disabled.");
		}
		ApiKeyGrant grant = ((Resolution.Granted) resolution).grant();
		if (!grant.admin()) {
			return failed(address, response, model,
					"That key is not an admin key. The console needs an admin key (\"admin\": true).");
		}
		// a new session id, and a new CSRF token, for the signed-in session: neither may
		// be one a visitor before the sign-in could know
		if (request.getSession(false) != null) {
			request.changeSessionId();
		}
		this.csrfTokens.saveToken(null, request, response);
		HttpSession session = request.getSession(true);
		ConsoleSession.signIn(session, grant.keyId(), grant.keyPrefix(), this.clock.instant(),
				this.properties.idleTimeout().toSeconds());
		this.limiter.succeeded(address);
		asKey(grant, () -> this.commands.recordConsoleSession("console.sign_in"));
		logger.info("Console sign-in of key {} ({}) from {}", grant.keyId(), grant.keyPrefix(), address);
		return "redirect:" + ConsoleRoutes.ROOT;
	}

	@PostMapping("/console/sign-out")
	String signOut(HttpServletRequest request) {
		HttpSession session = request.getSession(false);
		if (session != null) {
			this.commands.recordConsoleSession("console.sign_out");
			session.invalidate();
		}
		return "redirect:" + ConsoleRoutes.SIGN_IN + "?signed-out";
	}

	// the form's CSRF token needs a session; one that never signs in is gone in minutes
	private static void formSession(HttpServletRequest request) {
		if (request.getSession(false) == null) {
			request.getSession(true).setMaxInactiveInterval(ConsoleSession.SIGN_IN_FORM_SECONDS);
		}
	}

	private String failed(String address, HttpServletResponse response, Model model, String message) {
		logger.info("Console sign-in refused from {}: {}", address, message);
		return refused(response, model, HttpStatus.UNAUTHORIZED, message);
	}

	private static String refused(HttpServletResponse response, Model model, HttpStatus status, String message) {
		response.setStatus(status.value());
		model.addAttribute("error", message);
		return "console/sign-in";
	}

	private static void asKey(ApiKeyGrant grant, Runnable action) {
		SecurityContext context = SecurityContextHolder.createEmptyContext();
		context.setAuthentication(new ApiKeyAuthentication(grant));
		SecurityContextHolder.setContext(context);
		try {
			action.run();
		}
		finally {
			SecurityContextHolder.clearContext();
		}
	}

	private static String hours(Duration duration) {
		long hours = duration.toHours();
		return (hours >= 1) ? hours + " h" : duration.toMinutes() + " min";
	}

}
