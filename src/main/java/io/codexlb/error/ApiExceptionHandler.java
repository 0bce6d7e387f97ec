package io.codexlb.error;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.codexlb.logging.ThrottledWarning;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.ConstraintViolation;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.transaction.TransactionException;
import org.springframework.validation.ObjectError;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * Turns every exception a controller throws into the OpenAI envelope.
 */
@RestControllerAdvice
class ApiExceptionHandler {

	private static final Logger logger = LoggerFactory.getLogger(ApiExceptionHandler.class);

	private final ErrorRenderer renderer;

	private final ThrottledWarning databaseWarning = new ThrottledWarning(Duration.ofSeconds(30));

	ApiExceptionHandler(ErrorRenderer renderer) {
		this.renderer = renderer;
	}

	@ExceptionHandler
	ResponseEntity<byte[]> apiException(ApiException ex) {
		return this.renderer.entity(ex.error());
	}

	@ExceptionHandler
	ResponseEntity<byte[]> unreadableBody(HttpMessageNotReadableException ex) {
		return this.renderer.entity((ex.getCause() instanceof JacksonException failure) ? RequestBodyErrors.of(failure)
				: RequestBodyErrors.invalidJson());
	}

	@ExceptionHandler
	ResponseEntity<byte[]> invalidBody(MethodArgumentNotValidException ex) {
		List<ConstraintViolation<?>> violations = new ArrayList<>();
		for (ObjectError error : ex.getBindingResult().getAllErrors()) {
			if (error.contains(ConstraintViolation.class)) {
				violations.add(error.unwrap(ConstraintViolation.class));
			}
		}
		return this.renderer.entity(violations.isEmpty()
				? ApiError.invalidRequest(null, "The request body is not valid.") : RequestBodyErrors.of(violations));
	}

	@ExceptionHandler
	ResponseEntity<byte[]> missingParameter(MissingServletRequestParameterException ex) {
		return this.renderer.entity(ApiError.invalidRequest(ex.getParameterName(), "missing_required_parameter",
				"Missing required parameter: '" + ex.getParameterName() + "'."));
	}

	// Tomcat decodes the query string when a parameter is first read, and throws on a
	// broken percent-encoding: the client's mistake, not a server error
	@ExceptionHandler
	ResponseEntity<byte[]> undecodableQuery(InvalidParameterException ex) {
		return this.renderer.entity(ApiError.invalidRequest(null, "invalid_query",
				"The query string could not be decoded: use valid percent-encoded UTF-8."));
	}

	@ExceptionHandler
	ResponseEntity<byte[]> argumentTypeMismatch(MethodArgumentTypeMismatchException ex) {
		return this.renderer
			.entity(ApiError.invalidRequest(ex.getName(), "Invalid value for parameter '" + ex.getName() + "'."));
	}

	@ExceptionHandler
	ResponseEntity<byte[]> methodNotSupported(HttpRequestMethodNotSupportedException ex, HttpServletRequest request) {
		ResponseEntity<byte[]> entity = this.renderer
			.entity(HttpStatusErrors.forStatus(405, request.getMethod(), request.getRequestURI()));
		HttpHeaders headers = new HttpHeaders();
		headers.putAll(entity.getHeaders());
		headers.putAll(ex.getHeaders());
		return new ResponseEntity<>(entity.getBody(), headers, entity.getStatusCode());
	}

	// a write that breaks a constraint because of a concurrent write: the client may
	// retry
	@ExceptionHandler
	ResponseEntity<byte[]> conflict(DataIntegrityViolationException ex) {
		logger.info("Write refused by a database constraint: {}", ex.getClass().getSimpleName());
		return this.renderer.entity(new ApiError(HttpStatus.CONFLICT, ApiError.INVALID_REQUEST, "conflict",
				"The request conflicts with a concurrent change. Please retry.", null));
	}

	@ExceptionHandler({ DataAccessException.class, TransactionException.class })
	ResponseEntity<byte[]> dataAccess(Exception ex) {
		if (this.databaseWarning.due()) {
			logger.warn("Database unavailable, admin requests answered 503: {}", ex.getClass().getSimpleName());
		}
		return this.renderer.entity(ApiError.serviceUnavailable("The key store is temporarily unavailable."));
	}

	@ExceptionHandler
	ResponseEntity<byte[]> other(Exception ex, HttpServletRequest request) {
		if (ex instanceof ErrorResponse errorResponse) {
			int status = errorResponse.getStatusCode().value();
			return this.renderer
				.entity(HttpStatusErrors.forStatus(status, request.getMethod(), request.getRequestURI()));
		}
		logger.error("Unexpected error on {} {}", request.getMethod(), request.getRequestURI(), ex);
		return this.renderer.entity(HttpStatusErrors.serverError(HttpStatus.INTERNAL_SERVER_ERROR));
	}

}
