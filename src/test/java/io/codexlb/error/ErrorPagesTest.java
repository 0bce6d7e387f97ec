package io.codexlb.error;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import io.codexlb.support.Http;
import io.codexlb.support.ServerTestSupport;
import org.junit.jupiter.api.Test;

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
	}

}
