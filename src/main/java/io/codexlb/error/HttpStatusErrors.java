package io.codexlb.error;

import org.jspecify.annotations.Nullable;

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
			// the client asked for what HTTP/1.1 lets a server refuse (a transfer
			// coding, a method such as CONNECT, a protocol version): its request, not a
			// fault here
			case NOT_IMPLEMENTED -> new ApiError(status, ApiError.INVALID_REQUEST, "not_implemented",
					"The request uses a feature this server does not implement.", null);
			case HTTP_VERSION_NOT_SUPPORTED -> unsupportedHttpVersion(null);
			case UNAUTHORIZED -> ApiError.missingApiKey();
			case FORBIDDEN -> ApiError.insufficientPermissions();
			case SERVICE_UNAVAILABLE -> ApiError.serviceUnavailable("The service is temporarily unavailable.");
			default -> (status.is5xxServerError()) ? serverError(status)
					: new ApiError(status, ApiError.INVALID_REQUEST, "invalid_request",
							"The request could not be processed: " + status.getReasonPhrase() + ".", null);
		};
	}

	/**
	 * The envelope for a request whose {@code Transfer-Encoding} the server does not
	 * implement (RFC 9112 6.1: 501).
	 * @param transferEncoding the request's header value
	 * @return the error to answer with
	 */
	public static ApiError unsupportedTransferEncoding(String transferEncoding) {
		return new ApiError(HttpStatus.NOT_IMPLEMENTED, ApiError.INVALID_REQUEST, "unsupported_transfer_encoding",
				"Unsupported Transfer-Encoding '" + ApiError.excerpt(transferEncoding)
						+ "': send the body with a Content-Length, or with Transfer-Encoding: chunked.",
				null);
	}

	/**
	 * The envelope for a request line whose HTTP version the server does not support
	 * (505).
	 * @param protocol the request's protocol, such as {@code HTTP/1.2}, if known
	 * @return the error to answer with
	 */
	public static ApiError unsupportedHttpVersion(@Nullable String protocol) {
		String version = (protocol != null && !protocol.isEmpty()) ? " '" + ApiError.excerpt(protocol) + "'" : "";
		return new ApiError(HttpStatus.HTTP_VERSION_NOT_SUPPORTED, ApiError.INVALID_REQUEST, "unsupported_http_version",
				"Unsupported HTTP version" + version + ": use HTTP/1.1.", null);
	}

	static ApiError serverError(HttpStatus status) {
		return new ApiError(status, "server_error", "internal_error",
				"The server had an error while processing your request.", null);
	}

}
