package io.codexlb.error;

import java.io.IOException;

import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/**
 * Renders every error of the service as the OpenAI envelope: the security filters, the
 * controllers and the servlet container's error page all come through here.
 */
@Component
public class ErrorRenderer {

	static final String WWW_AUTHENTICATE_MISSING = "Bearer realm=\"codex-lb\"";

	static final String WWW_AUTHENTICATE_INVALID = "Bearer realm=\"codex-lb\", error=\"invalid_token\"";

	private final JsonMapper jsonMapper;

	ErrorRenderer(JsonMapper jsonMapper) {
		this.jsonMapper = jsonMapper;
	}

	public byte[] body(ApiError error) {
		return this.jsonMapper.writeValueAsBytes(ErrorEnvelope.of(error));
	}

	/**
	 * Writes the error to a servlet response that has not been committed.
	 * @param response the response
	 * @param error the error
	 * @throws IOException if the client went away
	 */
	public void write(HttpServletResponse response, ApiError error) throws IOException {
		byte[] body = body(error);
		response.setStatus(error.status().value());
		String challenge = challenge(error);
		if (challenge != null) {
			response.setHeader(HttpHeaders.WWW_AUTHENTICATE, challenge);
		}
		response.setHeader(HttpHeaders.CACHE_CONTROL, ResponseHeaders.PRIVATE_NO_CACHE);
		response.setHeader(ResponseHeaders.X_CONTENT_TYPE_OPTIONS, ResponseHeaders.NOSNIFF);
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		response.setContentLength(body.length);
		response.getOutputStream().write(body);
	}

	public ResponseEntity<byte[]> entity(ApiError error) {
		ResponseEntity.BodyBuilder builder = ResponseEntity.status(error.status())
			.header(HttpHeaders.CACHE_CONTROL, ResponseHeaders.PRIVATE_NO_CACHE)
			.header(ResponseHeaders.X_CONTENT_TYPE_OPTIONS, ResponseHeaders.NOSNIFF)
			.contentType(MediaType.APPLICATION_JSON);
		String challenge = challenge(error);
		if (challenge != null) {
			builder.header(HttpHeaders.WWW_AUTHENTICATE, challenge);
		}
		return builder.body(body(error));
	}

	private static @Nullable String challenge(ApiError error) {
		if (error.status().value() != 401) {
			return null;
		}
		return (error.equals(ApiError.missingApiKey())) ? WWW_AUTHENTICATE_MISSING : WWW_AUTHENTICATE_INVALID;
	}

}
