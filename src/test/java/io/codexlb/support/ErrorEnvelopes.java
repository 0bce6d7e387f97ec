package io.codexlb.support;

import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Assertions every error answer of the service must pass: the OpenAI envelope in JSON
 * with its four keys, and the security headers.
 */
public final class ErrorEnvelopes {

	private static final JsonMapper json = JsonMapper.builder().build();

	private ErrorEnvelopes() {
	}

	/**
	 * Asserts an answer is an error envelope with the security headers.
	 * @param response the answer
	 * @return the {@code error} object
	 */
	public static JsonNode assertEnvelope(RawHttp.Response response) {
		assertThat(response.outcome()).isEqualTo(RawHttp.Outcome.ANSWERED);
		assertThat(response.status()).as(response.text()).isBetween(400, 599);
		return assertEnvelope(response.headers(), response.body());
	}

	/**
	 * Asserts an answer is an error envelope with the security headers.
	 * @param headers the headers, names in lower case
	 * @param body the body
	 * @return the {@code error} object
	 */
	public static JsonNode assertEnvelope(Map<String, List<String>> headers, byte[] body) {
		assertSecurityHeaders(headers);
		assertThat(headers.get("content-type")).containsExactly("application/json");
		assertThat(headers.get("cache-control")).containsExactly("private, no-cache");
		JsonNode envelope = json.readTree(body);
		assertThat(envelope.propertyNames()).containsExactly("error");
		JsonNode error = envelope.get("error");
		assertThat(error.propertyNames()).containsExactly("message", "type", "param", "code");
		assertThat(error.get("message").isString()).isTrue();
		assertThat(error.get("type").isString()).isTrue();
		return error;
	}

	/**
	 * Asserts the headers every answer carries: {@code X-Content-Type-Options: nosniff}
	 * and one {@code X-Request-Id}, and no {@code Server} header.
	 * @param headers the headers, names in lower case
	 */
	public static void assertSecurityHeaders(Map<String, List<String>> headers) {
		assertThat(headers.get("x-content-type-options")).as("X-Content-Type-Options in %s", headers)
			.containsExactly("nosniff");
		assertThat(headers.get("x-request-id")).as("X-Request-Id in %s", headers).hasSize(1);
		assertThat(headers).doesNotContainKey("server");
	}

}
