package io.codexlb.security;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import io.codexlb.support.ErrorEnvelopes;
import io.codexlb.support.RawHttp;
import io.codexlb.support.ServerTestSupport;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.as;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The headers every answer of the client port carries, whatever produced it (a
 * controller, the security filters, the rate limiter, the error page, the container's
 * error report): {@code X-Content-Type-Options: nosniff} once, no {@code Server}, and the
 * {@code Cache-Control} of SPEC 1.4 ({@code no-store} for the answers that carry a key).
 */
class SecurityHeadersTest extends ServerTestSupport {

	@Test
	void everyAnswerShouldCarryTheSecurityHeadersAndItsCacheControl() {
		String admin = "Authorization: Bearer " + adminKey();
		JsonNode plain = createKey("{\"name\":\"headers-" + UUID.randomUUID() + "\"}");
		JsonNode limited = createKey(
				"{\"name\":\"headers-limited-" + UUID.randomUUID() + "\",\"rate_limit\":{\"requests_per_minute\":1}}");
		String user = "Authorization: Bearer " + plain.get("key").asString();
		String limitedUser = "Authorization: Bearer " + limited.get("key").asString();
		RawHttp.Response ok = send(RawHttp.request("GET", "/v1/models", user), 200);
		String etag = ok.header("ETag").get(0);
		List<Case> cases = new ArrayList<>();
		cases.add(new Case("models 200", ok, "private, no-cache"));
		cases.add(new Case("models HEAD 200", send(RawHttp.request("HEAD", "/backend-api/codex/models", user), 200),
				"private, no-cache"));
		cases.add(new Case("one model 200",
				send(RawHttp.request("GET", "/backend-api/codex/v1/models/gpt-test-pro", user), 200),
				"private, no-cache"));
		cases.add(new Case("models 304",
				send(RawHttp.request("GET", "/v1/models", user, "If-None-Match: " + etag), 304), "private, no-cache"));
		cases.add(new Case("gzip 200", send(
				RawHttp.request("GET", "/backend-api/codex/models?client_version=1", user, "Accept-Encoding: gzip"),
				200), "private, no-cache"));
		cases.add(new Case("no key 401", send(RawHttp.request("GET", "/v1/models"), 401), "private, no-cache"));
		cases.add(new Case("bad key 401",
				send(RawHttp.request("GET", "/v1/models", "Authorization: Bearer sk-clb-x"), 401),
				"private, no-cache"));
		cases.add(new Case("no key on an unknown path 401", send(RawHttp.request("GET", "/nothing"), 401),
				"private, no-cache"));
		cases.add(new Case("non-admin 403", send(RawHttp.request("GET", "/api/api-keys", user), 403),
				"private, no-cache"));
		cases.add(
				new Case("model 404", send(RawHttp.request("GET", "/v1/models/nope", user), 404), "private, no-cache"));
		cases.add(new Case("unknown path 404", send(RawHttp.request("GET", "/nothing/here", user), 404),
				"private, no-cache"));
		send(RawHttp.request("GET", "/v1/models", limitedUser), 200);
		cases.add(new Case("rate limited 429", send(RawHttp.request("GET", "/v1/models", limitedUser), 429),
				"private, no-cache"));
		cases.add(new Case("admin list 200", send(RawHttp.request("GET", "/api/api-keys", admin), 200),
				"private, no-cache"));
		cases.add(new Case("admin catalog 200", send(RawHttp.request("GET", "/api/catalog", admin), 200),
				"private, no-cache"));
		cases.add(new Case("admin accounts 200", send(RawHttp.request("GET", "/api/accounts", admin), 200),
				"private, no-cache"));
		cases
			.add(new Case("admin 201 with a key",
					send(withBody(
							RawHttp.request("POST", "/api/api-keys", admin, "Content-Type: application/json",
									"Content-Length: "
											+ ("{\"name\":\"h-" + plain.get("id").asString() + "\"}").length()),
							"{\"name\":\"h-" + plain.get("id").asString() + "\"}"), 201),
					"no-store"));
		cases.add(new Case("admin regenerate 200 with a key", send(RawHttp.request("POST",
				"/api/api-keys/" + limited.get("id").asString() + "/regenerate", admin, "Content-Length: 0"), 200),
				"no-store"));
		cases.add(
				new Case(
						"admin 400", send(withBody(RawHttp.request("POST", "/api/api-keys", admin,
								"Content-Type: application/json", "Content-Length: 2"), "{}"), 400),
						"private, no-cache"));
		cases.add(new Case("admin 404", send(RawHttp.request("GET", "/api/api-keys/nope", admin), 404),
				"private, no-cache"));
		cases.add(new Case("admin 405", send(RawHttp.request("PUT", "/api/api-keys", admin, "Content-Length: 0"), 405),
				"private, no-cache"));
		cases.add(new Case("admin 406", send(RawHttp.request("GET", "/api/api-keys", admin, "Accept: text/html"), 406),
				"private, no-cache"));
		cases.add(
				new Case(
						"admin 413", send(RawHttp.request("POST", "/api/api-keys", admin,
								"Content-Type: application/json", "Content-Length: 99999999"), 413),
						"private, no-cache"));
		cases.add(new Case("admin 415",
				send(RawHttp.request("POST", "/api/api-keys", admin, "Content-Type: text/plain", "Content-Length: 0"),
						415),
				"private, no-cache"));
		cases
			.add(new Case("models 405", send(RawHttp.request("DELETE", "/v1/models", user), 405), "private, no-cache"));
		cases.add(new Case("firewall 400", send(RawHttp.request("GET", "/v1/models/a%2Fb", user), 400),
				"private, no-cache"));
		cases.add(new Case("bad query 400", send(RawHttp.request("GET", "/v1/models?client_version=%zz", user), 400),
				"private, no-cache"));
		cases.add(new Case("container 400", RawHttp.exchange(this.port, "GARBAGE\r\n\r\n".getBytes()),
				"private, no-cache"));
		cases.add(new Case("container 431",
				send(RawHttp.request("GET", "/v1/models", user, "X-Large: " + "x".repeat(20_000)), 431),
				"private, no-cache"));
		cases.add(new Case("container 405 TRACE", send(RawHttp.request("TRACE", "/v1/models", user), 405),
				"private, no-cache"));
		cases.add(new Case("container 501 Transfer-Encoding",
				send(RawHttp.request("POST", "/api/api-keys", admin, "Transfer-Encoding: xchunked"), 501),
				"private, no-cache"));
		cases.add(new Case("container 505 HTTP version",
				RawHttp.exchange(this.port, "GET /v1/models HTTP/1.2\r\nHost: 127.0.0.1\r\n\r\n".getBytes()),
				"private, no-cache"));
		for (Case answer : cases) {
			assertThat(answer.response().outcome()).as(answer.name()).isEqualTo(RawHttp.Outcome.ANSWERED);
			assertThat(answer.response().header("X-Content-Type-Options")).as(answer.name()).containsExactly("nosniff");
			assertThat(answer.response().header("Server")).as(answer.name()).isEmpty();
			assertThat(answer.response().header("X-Request-Id")).as(answer.name()).hasSize(1);
			assertThat(answer.response().header("Cache-Control")).as(answer.name())
				.containsExactly(answer.cacheControl());
			if (answer.response().status() >= 400) {
				ErrorEnvelopes.assertEnvelope(answer.response());
			}
		}
	}

	@Test
	void optionsStarShouldCarryNosniffAndTheRequestId() {
		RawHttp.Response generated = send(RawHttp.request("OPTIONS", "*"), 200);
		assertThat(generated.header("X-Content-Type-Options")).containsExactly("nosniff");
		assertThat(generated.header("X-Request-Id")).singleElement(as(InstanceOfAssertFactories.STRING))
			.matches("req_[0-9a-f]{32}");
		assertThat(generated.header("Server")).isEmpty();
		RawHttp.Response own = send(RawHttp.request("OPTIONS", "*", "X-Request-Id: ping-42"), 200);
		assertThat(own.header("X-Content-Type-Options")).containsExactly("nosniff");
		assertThat(own.header("X-Request-Id")).containsExactly("ping-42");
	}

	@Test
	void answersTheContainerRefusesShouldCarryTheClientsRequestId() {
		RawHttp.Response response = RawHttp.exchange(this.port,
				"GET /v1/models HTTP/1.2\r\nHost: 127.0.0.1\r\nX-Request-Id: mine-1\r\n\r\n".getBytes());
		assertThat(response.status()).isEqualTo(505);
		assertThat(response.header("X-Request-Id")).containsExactly("mine-1");
	}

	private RawHttp.Response send(byte[] request, int status) {
		RawHttp.Response response = RawHttp.exchange(this.port, request);
		assertThat(response.status()).as(response.text()).isEqualTo(status);
		return response;
	}

	private static byte[] withBody(byte[] head, String body) {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		byte[] request = Arrays.copyOf(head, head.length + bytes.length);
		System.arraycopy(bytes, 0, request, head.length, bytes.length);
		return request;
	}

	private record Case(String name, RawHttp.Response response, String cacheControl) {

	}

}
