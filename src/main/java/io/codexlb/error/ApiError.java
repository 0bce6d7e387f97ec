package io.codexlb.error;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;

/**
 * An error as clients see it: an HTTP status and the fields of the OpenAI error envelope.
 *
 * @param status the HTTP status
 * @param type the envelope's {@code type}, such as {@code invalid_request_error}
 * @param code the envelope's {@code code}, such as {@code invalid_api_key}
 * @param message a human-readable message that never contains a secret
 * @param param the request field the error is about, if any
 */
public record ApiError(HttpStatus status, String type, @Nullable String code, String message, @Nullable String param) {

	public static final String INVALID_REQUEST = "invalid_request_error";

	public static ApiError invalidRequest(@Nullable String param, String message) {
		return invalidRequest(param, "invalid_value", message);
	}

	public static ApiError invalidRequest(@Nullable String param, String code, String message) {
		return new ApiError(HttpStatus.BAD_REQUEST, INVALID_REQUEST, code, message, param);
	}

	public static ApiError missingApiKey() {
		return new ApiError(HttpStatus.UNAUTHORIZED, "authentication_error", "invalid_api_key",
				"Missing API key in Authorization header", null);
	}

	public static ApiError invalidApiKey() {
		return new ApiError(HttpStatus.UNAUTHORIZED, "authentication_error", "invalid_api_key", "Invalid API key",
				null);
	}

	public static ApiError expiredApiKey() {
		return new ApiError(HttpStatus.UNAUTHORIZED, "authentication_error", "invalid_api_key", "API key has expired",
				null);
	}

	public static ApiError insufficientPermissions() {
		return new ApiError(HttpStatus.FORBIDDEN, "permission_error", "insufficient_permissions",
				"This API key does not have permission to use this endpoint", null);
	}

	public static ApiError rateLimited(long retryAfterSeconds) {
		return new ApiError(HttpStatus.TOO_MANY_REQUESTS, "rate_limit_error", "rate_limit_exceeded",
				"Rate limit exceeded for this API key. Please try again in " + retryAfterSeconds + "s.", null);
	}

	public static ApiError serviceUnavailable(String message) {
		return new ApiError(HttpStatus.SERVICE_UNAVAILABLE, "service_unavailable", "service_unavailable", message,
				null);
	}

	public static ApiError requestTooLarge(long maxBytes) {
		return new ApiError(HttpStatus.CONTENT_TOO_LARGE, INVALID_REQUEST, "request_too_large",
				"Request body too large: at most " + maxBytes + " bytes are accepted.", null);
	}

	public static ApiError requestTimeout() {
		return new ApiError(HttpStatus.REQUEST_TIMEOUT, INVALID_REQUEST, "request_timeout",
				"The request body did not arrive in time.", null);
	}

	public static ApiError notFound(String code, String message, @Nullable String param) {
		return new ApiError(HttpStatus.NOT_FOUND, INVALID_REQUEST, code, message, param);
	}

	/**
	 * A client-supplied value made safe to quote in a message: at most 100 characters,
	 * control characters replaced.
	 * @param value the value
	 * @return the excerpt
	 */
	public static String excerpt(String value) {
		String shortened = (value.length() > 100) ? value.substring(0, 100) + "..." : value;
		StringBuilder safe = new StringBuilder(shortened.length());
		shortened.codePoints().forEach((c) -> safe.appendCodePoint(Character.isISOControl(c) ? '?' : c));
		return safe.toString();
	}

	public ApiException exception() {
		return new ApiException(this);
	}

}
