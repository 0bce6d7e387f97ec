package io.codexlb.admin;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.codexlb.support.ErrorEnvelopes;
import io.codexlb.support.Http;
import io.codexlb.support.UpstreamServerTestSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Any JSON value in any field of an admin request body, and any JSON document as the
 * whole body, is either accepted or refused with a 400 envelope: never a server error.
 */
class AdminRequestInputTest extends UpstreamServerTestSupport {

	private static final List<String> VALUES = List.of("null", "true", "false", "0", "-1", "1", "1.5", "-0.0", "1e400",
			"99999999999999999999999999", "\"\"", "\" \"", "\"x\"", "\"\\u0000\"", "\"2030-01-31T00:00:00Z\"", "[]",
			"[null]", "[1,\"a\"]", "{}", "{\"a\":{\"b\":[]}}");

	private final AtomicInteger names = new AtomicInteger();

	@Test
	void apiKeyBodiesShouldBeAcceptedOrRefusedWith400() {
		for (String template : List.of("VALUE", "{\"name\":VALUE}", "{\"name\":\"NAME\",\"allowed_models\":VALUE}",
				"{\"name\":\"NAME\",\"allowed_models\":[VALUE]}", "{\"name\":\"NAME\",\"expires_at\":VALUE}",
				"{\"name\":\"NAME\",\"rate_limit\":VALUE}",
				"{\"name\":\"NAME\",\"rate_limit\":{\"requests_per_minute\":VALUE}}",
				"{\"name\":\"NAME\",\"rate_limit\":{\"requests_per_minute\":1,\"requests_per_day\":VALUE}}",
				"{\"name\":\"NAME\",\"admin\":VALUE}", "{\"name\":\"NAME\",VALUE:1}")) {
			assertAnsweredFor("POST", "/api/api-keys", template);
		}
		String path = "/api/api-keys/" + createKey("{\"name\":\"input-patched\"}").get("id").asString();
		for (String template : List.of("VALUE", "{\"name\":VALUE}", "{\"allowed_models\":VALUE}",
				"{\"allowed_models\":[VALUE]}", "{\"expires_at\":VALUE}", "{\"is_active\":VALUE}",
				"{\"rate_limit\":VALUE}", "{\"rate_limit\":{\"requests_per_minute\":VALUE}}", "{\"admin\":VALUE}")) {
			assertAnsweredFor("PATCH", path, template);
		}
	}

	@Test
	void accountBodiesShouldBeAcceptedOrRefusedWith400() {
		String tokens = "{\"access_token\":\"a\",\"refresh_token\":\"r\",\"account_id\":\"acct-NAME\"}";
		for (String template : List.of("VALUE", "{\"tokens\":VALUE}",
				"{\"tokens\":{\"access_token\":VALUE,\"refresh_token\":\"r\",\"account_id\":\"acct-NAME\"}}",
				"{\"tokens\":{\"access_token\":\"a\",\"refresh_token\":VALUE,\"account_id\":\"acct-NAME\"}}",
				"{\"tokens\":{\"access_token\":\"a\",\"refresh_token\":\"r\",\"account_id\":VALUE}}",
				"{\"tokens\":{\"id_token\":VALUE,\"access_token\":\"a\",\"refresh_token\":\"r\",\"account_id\":\"acct-NAME\"}}",
				"{\"tokens\":" + tokens + ",\"last_refresh\":VALUE}", "{\"tokens\":" + tokens + ",\"name\":VALUE}")) {
			assertAnsweredFor("POST", "/api/accounts", template);
		}
		String path = "/api/accounts/" + add(login("input-patched"));
		for (String template : List.of("VALUE", "{\"name\":VALUE}", "{\"enabled\":VALUE}")) {
			assertAnsweredFor("PATCH", path, template);
		}
	}

	private void assertAnsweredFor(String method, String path, String template) {
		for (String value : VALUES) {
			String body = template.replace("VALUE", value).replace("NAME", "input-" + this.names.incrementAndGet());
			HttpResponse<byte[]> response = http().json(method, path, adminKey(), body);
			assertThat(response.statusCode()).as("%s %s %s: %s", method, path, body, Http.text(response))
				.isIn(200, 201, 400);
			if (response.statusCode() == 400) {
				JsonNode error = ErrorEnvelopes.assertEnvelope(response.headers().map(), response.body());
				assertThat(error.get("type").asString()).isEqualTo("invalid_request_error");
				assertThat(error.get("code").isString()).as(body).isTrue();
			}
		}
	}

}
