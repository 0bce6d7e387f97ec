package io.codexlb.error;

import org.springframework.http.HttpStatus;

/**
 * The envelope for an HTTP status that the framework or the servlet container decided on
 * its own, such as an unknown path or a header too large.
 */
public final class HttpStatusErrors {

	private HttpStatusErrors() {
	}

	/**
	 * The envelope for a status.
	 * @param statusCode the HTTP status
	 * @param method the request method
	 * @param path the request path
	 * @return the error to answer with
	 */
	public static ApiError forStatus(int statusCode, String method, String path) {
		HttpStatus status = HttpStatus.resolve(statusCode);
		if (status == null) {
			status = (statusCode >= 500) ? HttpStatus.INTERNAL_SERVER_ERROR : HttpStatus.BAD_REQUEST;
		}
		return switch (status) {
			case NOT_FOUND ->
				ApiError.notFound("unknown_url", "Unknown request URL: " + method + " " + path + ".", null);
			case METHOD_NOT_ALLOWED -> new ApiError(status, ApiError.INVALID_REQUEST, "method_not_allowed",
					"Method " + method + " is not allowed on " + path + ".", null);
			case UNSUPPORTED_MEDIA_TYPE -> new ApiError(status, ApiError.INVALID_REQUEST, "unsupported_media_type",
					"Unsupported Content-Type: send application/json.", null);
			case NOT_ACCEPTABLE -> new ApiError(status, ApiError.INVALID_REQUEST, "not_acceptable",
					"This endpoint only produces application/json.", null);
			case REQUEST_HEADER_FIELDS_TOO_LARGE -> new ApiError(status, ApiError.INVALID_REQUEST,
					"request_header_fields_too_large", "Request header fields too large.", null);
			case CONTENT_TOO_LARGE ->
				new ApiError(status, ApiError.INVALID_REQUEST, "request_too_large", "Request body too large.", null);
			case REQUEST_TIMEOUT -> ApiError.requestTimeout();
			case UNAUTHORIZED -> ApiError.missingApiKey();
			case FORBIDDEN -> ApiError.insufficientPermissions();
			case SERVICE_UNAVAILABLE -> ApiError.serviceUnavailable("The service is temporarily unavailable.");
			default -> (status.is5xxServerError()) ? serverError(status)
					: new ApiError(status, ApiError.INVALID_REQUEST, "invalid_request",
							"The request could not be processed: " + status.getReasonPhrase() + ".", null);
		};
	}

	static ApiError serverError(HttpStatus status) {
		return new ApiError(status, "server_error", "internal_error",
				"The server had an error while processing your request.", null);
	}

}
