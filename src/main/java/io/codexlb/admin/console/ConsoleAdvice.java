package io.codexlb.admin.console;

import java.time.Clock;

import io.codexlb.apikey.ApiKeyGrant;
import io.codexlb.error.ApiException;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.transaction.TransactionException;
import org.springframework.ui.Model;
import org.springframework.validation.BindException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * What every console page has (the formats, the signed-in key), and the console's error
 * page: an error of the admin API (a 404 for a key deleted meanwhile) or a database that
 * cannot be reached is shown as a page, with the message the JSON routes would give.
 */
@ControllerAdvice(basePackageClasses = ConsoleAdvice.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
@ConsoleEnabled
class ConsoleAdvice {

	private static final Logger logger = LoggerFactory.getLogger(ConsoleAdvice.class);

	private final ConsoleFormat format;

	ConsoleAdvice(Clock clock) {
		this.format = new ConsoleFormat(clock);
	}

	@ModelAttribute("fmt")
	ConsoleFormat format() {
		return this.format;
	}

	@ModelAttribute("signedInAs")
	@Nullable String signedInAs() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		return (authentication != null && authentication.getPrincipal() instanceof ApiKeyGrant grant)
				? grant.keyPrefix() : null;
	}

	@ExceptionHandler(ApiException.class)
	String apiError(ApiException ex, HttpServletResponse response, Model model) {
		return errorPage(response, model, ex.error().status(), ex.getMessage());
	}

	// a write that lost a race to another (a name taken meanwhile): the API's 409
	@ExceptionHandler(DataIntegrityViolationException.class)
	String conflict(HttpServletResponse response, Model model) {
		return errorPage(response, model, HttpStatus.CONFLICT,
				"The change conflicts with one made at the same time. Reload the page and try again.");
	}

	// a page parameter that is not one (a cursor that is not a number)
	@ExceptionHandler({ MethodArgumentTypeMismatchException.class, BindException.class })
	String badParameter(HttpServletResponse response, Model model) {
		return errorPage(response, model, HttpStatus.BAD_REQUEST,
				"The address has a parameter the page cannot read. Go back and use the page's own links.");
	}

	@ExceptionHandler({ DataAccessException.class, TransactionException.class })
	String databaseUnavailable(Exception ex, HttpServletResponse response, Model model) {
		logger.warn("Console page failed, the database is unavailable: {}", ex.getClass().getSimpleName());
		return errorPage(response, model, HttpStatus.SERVICE_UNAVAILABLE,
				"The database is unavailable. Try again shortly.");
	}

	static String errorPage(HttpServletResponse response, Model model, HttpStatus status, @Nullable String message) {
		response.setStatus(status.value());
		model.addAttribute("status", status.value());
		model.addAttribute("message", (message != null) ? message : status.getReasonPhrase());
		return "console/error";
	}

}
