package io.codexlb.error;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;

import io.codexlb.support.ErrorEnvelopes;
import io.codexlb.support.Http;
import io.codexlb.support.RawHttp;
import io.codexlb.support.ServerTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The framework's and the container's own errors are the OpenAI envelope too.
 */
class ErrorPagesTest extends ServerTestSupport {

	@Test
	void unknownPathWithAKeyShouldBe404Envelope() {
		HttpResponse<byte[]> response = http().get("/backend-api/codex/nothing-here", adminKey());
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(Http.text(response)).isEqualTo("{\"error\":{\"message\":\"Unknown request URL: GET "
				+ "/backend-api/codex/nothing-here.\",\"type\":\"invalid_request_error\",\"param\":null,"
				+ "\"code\":\"unknown_url\"}}");
	}

	@Test
	void wrongMethodShouldBe405EnvelopeWithAllow() {
		HttpResponse<byte[]> response = http().json("POST", "/backend-api/codex/models", adminKey(), "{}");
		assertThat(response.statusCode()).isEqualTo(405);
		assertThat(response.headers().firstValue("Allow").orElseThrow()).contains("GET");
		assertThat(body(response).get("error").get("code").asString()).isEqualTo("method_not_allowed");
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "GARBAGE", "GET /v1/models HTTP/1.1 extra", "G(T /v1/models HTTP/1.1",
			"GET /v1/models HTTP/9.9", "GET v1/models HTTP/1.1", "GET /v1/models\u0000 HTTP/1.1",
			"GET /v1/mod els HTTP/1.1" })
	void malformedRequestLineShouldBe400EnvelopeNotHtml(String requestLine) {
		RawHttp.Response response = RawHttp.exchange(this.port,
				(requestLine + "\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
					.getBytes(StandardCharsets.ISO_8859_1));
		assertThat(response.status()).isBetween(400, 505);
		assertThat(response.text()).doesNotContain("<html");
		JsonNode error = ErrorEnvelopes.assertEnvelope(response);
		assertThat(error.get("type").asString()).as(response.text()).isEqualTo("invalid_request_error");
	}

	static Stream<Arguments> protocolErrorsOfTheClient() {
		String transferEncoding = "Unsupported Transfer-Encoding 'xchunked': send the body with a Content-Length, "
				+ "or with Transfer-Encoding: chunked.";
		return Stream.of(
				Arguments.of("Transfer-Encoding: xchunked, no key",
						List.of("POST /api/api-keys HTTP/1.1", "Transfer-Encoding: xchunked"), 501,
						"unsupported_transfer_encoding", transferEncoding),
				Arguments.of("Transfer-Encoding: xchunked, a key",
						List.of("POST /api/api-keys HTTP/1.1", "Authorization: Bearer {key}",
								"Content-Type: application/json", "Transfer-Encoding: xchunked"),
						501, "unsupported_transfer_encoding", transferEncoding),
				Arguments.of("HTTP/1.2", List.of("GET /v1/models HTTP/1.2", "Authorization: Bearer {key}"), 505,
						"unsupported_http_version", "Unsupported HTTP version 'HTTP/1.2': use HTTP/1.1."),
				Arguments.of("HTTP/2.0 on an HTTP/1 connection", List.of("GET /v1/models HTTP/2.0"), 505,
						"unsupported_http_version", "Unsupported HTTP version 'HTTP/2.0': use HTTP/1.1."),
				Arguments.of("CONNECT", List.of("CONNECT example.com:443 HTTP/1.1"), 501, "not_implemented",
						"The request uses a feature this server does not implement."));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("protocolErrorsOfTheClient")
	void protocolErrorsOfTheClientShouldKeepTheirStatusAndBeInvalidRequestErrors(String name, List<String> lines,
			int status, String code, String message) {
		String request = String.join("\r\n", lines).replace("{key}", adminKey())
				+ "\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
		RawHttp.Response response = RawHttp.exchange(this.port, request.getBytes(StandardCharsets.ISO_8859_1));
		assertThat(response.status()).as(response.text()).isEqualTo(status);
		JsonNode error = ErrorEnvelopes.assertEnvelope(response);
		assertThat(error.get("type").asString()).isEqualTo("invalid_request_error");
		assertThat(error.get("code").asString()).isEqualTo(code);
		assertThat(error.get("message").asString()).isEqualTo(message);
	}

	@Test
	void requestsTheContainerRefusesShouldBeEnvelopesNotHtml() {
		String key = "Authorization: Bearer " + adminKey();
		List<byte[]> requests = List.of(
				("GET /v1/models HTTP/1.1\r\nConnection: close\r\n" + key + "\r\n\r\n")
					.getBytes(StandardCharsets.ISO_8859_1),
				RawHttp.request("GET", "/v1/models", key, "Host: a b"),
				RawHttp.request("POST", "/api/api-keys", key, "Content-Type: application/json", "Content-Length: abc"),
				RawHttp.request("GET", "/v1/models", key, "Bad Header: x"),
				RawHttp.request("GET", "/v1/models", key, "X-Bare-Lf: a\nb"),
				RawHttp.request("TRACE", "/v1/models", key),
				RawHttp.request("GET", "/v1/models", key, "Expect: something-else"));
		for (byte[] request : requests) {
			RawHttp.Response response = RawHttp.exchange(this.port, request);
			String described = new String(request, StandardCharsets.ISO_8859_1).replace(adminKey(), "<key>");
			assertThat(response.status()).as(described).isBetween(400, 499);
			assertThat(response.text()).as(described).doesNotContain("<html");
			ErrorEnvelopes.assertEnvelope(response);
		}
	}

	@Test
	void unsupportedMediaTypeAndNotAcceptableShouldBeEnvelopes() {
		RawHttp.Response unsupported = RawHttp.exchange(this.port, RawHttp.request("POST", "/api/api-keys",
				"Authorization: Bearer " + adminKey(), "Content-Type: application/xml", "Content-Length: 2"));
		assertThat(unsupported.status()).isEqualTo(415);
		ErrorEnvelopes.assertEnvelope(unsupported);
		RawHttp.Response notAcceptable = RawHttp.exchange(this.port,
				RawHttp.request("GET", "/api/api-keys", "Authorization: Bearer " + adminKey(), "Accept: text/html"));
		assertThat(notAcceptable.status()).isEqualTo(406);
		ErrorEnvelopes.assertEnvelope(notAcceptable);
	}

	@Test
	void headerTooLargeShouldBe431EnvelopeNotHtml() {
		HttpResponse<byte[]> response = http().send(http().request("/v1/models")
			.header("Authorization", "Bearer " + adminKey())
			.header("X-Large", "x".repeat(20_000))
			.method("GET", HttpRequest.BodyPublishers.noBody())
			.build());
		assertThat(response.statusCode()).isEqualTo(431);
		assertThat(Http.text(response)).doesNotContain("<html").doesNotContain("Tomcat");
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
		assertThat(body(response).get("error").get("type").asString()).isEqualTo("invalid_request_error");
		assertThat(body(response).get("error").get("code").asString()).isEqualTo("request_header_fields_too_large");
		ErrorEnvelopes.assertEnvelope(response.headers().map(), response.body());
	}

}
