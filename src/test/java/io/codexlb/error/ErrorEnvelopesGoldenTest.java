package io.codexlb.error;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.codexlb.support.ErrorEnvelopes;
import io.codexlb.support.Golden;
import io.codexlb.support.RawHttp;
import io.codexlb.support.UpstreamServerTestSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every distinct error envelope the service sends, with its status, pinned in one golden
 * file: the request that causes it, then the {@code error} object.
 */
class ErrorEnvelopesGoldenTest extends UpstreamServerTestSupport {

	private static final String UNKNOWN_ID = "00000000-0000-0000-0000-000000000000";

	@Autowired
	private ApiExceptionHandler handler;

	private final ArrayNode errors = json.createArrayNode();

	@Test
	void everyErrorEnvelopeShouldMatchGolden() throws IOException {
		authenticationAndRouting();
		apiKeyRequests();
		accountRequests();
		protocolErrors();
		serverFailures();
		Golden.assertMatches("errors.json", this.errors);
	}

	private void authenticationAndRouting() {
		record("GET /v1/models without a key", http().send(http().request("/v1/models").GET().build()));
		record("GET /v1/models with an unknown key", http().get("/v1/models", "sk-clb-" + "U".repeat(43)));
		String limited = createKey("{\"name\":\"errors-limited\",\"rate_limit\":{\"requests_per_minute\":1}}")
			.get("key")
			.asString();
		assertThat(http().get("/v1/models", limited).statusCode()).isEqualTo(200);
		record("GET /v1/models a second time with a key of 1 request per minute", http().get("/v1/models", limited));
		record("GET /api/api-keys with a key that is not an admin key", http().get("/api/api-keys", limited));
		record("GET /backend-api/codex/nothing-here", http().get("/backend-api/codex/nothing-here", adminKey()));
		record("GET /v1/models/no-such-model", http().get("/v1/models/no-such-model", adminKey()));
		record("GET /api/api-keys/" + UNKNOWN_ID, http().get("/api/api-keys/" + UNKNOWN_ID, adminKey()));
		record("GET /api/accounts/" + UNKNOWN_ID, http().get("/api/accounts/" + UNKNOWN_ID, adminKey()));
		record("POST /backend-api/codex/models", http().json("POST", "/backend-api/codex/models", adminKey(), "{}"));
		record("DELETE /api/api-keys", http()
			.send(http().request("/api/api-keys").header("Authorization", "Bearer " + adminKey()).DELETE().build()));
		record("GET /api/api-keys with Accept: text/html",
				http().send(http().request("/api/api-keys")
					.header("Authorization", "Bearer " + adminKey())
					.header("Accept", "text/html")
					.GET()
					.build()));
		record("POST /api/api-keys with Content-Type: text/plain",
				http().send(http().request("/api/api-keys")
					.header("Authorization", "Bearer " + adminKey())
					.header("Content-Type", "text/plain")
					.POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"x\"}"))
					.build()));
		record("GET /backend-api/codex/models?client_version=%zz", RawHttp.exchange(this.port, RawHttp.request("GET",
				"/backend-api/codex/models?client_version=%zz", "Authorization: Bearer " + adminKey())));
		record("GET /v1/models/a%2Fb", RawHttp.exchange(this.port,
				RawHttp.request("GET", "/v1/models/a%2Fb", "Authorization: Bearer " + adminKey())));
		record("GET /v1/models/a%00b", RawHttp.exchange(this.port,
				RawHttp.request("GET", "/v1/models/a%00b", "Authorization: Bearer " + adminKey())));
		String expiring = createKey("{\"name\":\"errors-expiring\",\"expires_at\":\"2026-01-15T11:00:00Z\"}").get("key")
			.asString();
		this.clock.advance(Duration.ofHours(2));
		record("GET /v1/models with a key that has expired", http().get("/v1/models", expiring));
		this.clock.reset();
	}

	private void apiKeyRequests() {
		createKey("{\"name\":\"errors-taken\"}");
		for (String body : List.of("{not json", "", "{\"name\":\"a\",\"name\":\"b\"}", "[1,2]", "\"text\"", "null",
				"{}", "{\"name\":null}", "{\"name\":42}", "{\"name\":\"   \"}", "{\"name\":\"NAME_101\"}",
				"{\"name\":\"tab\\there\"}", "{\"name\":\"errors-taken\"}", "{\"name\":\"ok\",\"nickname\":\"x\"}",
				"{\"name\":\"ok\",\"allowed_models\":\"gpt-test-pro\"}", "{\"name\":\"ok\",\"allowed_models\":[1]}",
				"{\"name\":\"ok\",\"allowed_models\":[null]}", "{\"name\":\"ok\",\"allowed_models\":[\"\"]}",
				"{\"name\":\"ok\",\"allowed_models\":[\"has space\"]}",
				"{\"name\":\"ok\",\"allowed_models\":MODELS_1001}",
				"{\"name\":\"ok\",\"expires_at\":\"2020-01-01T00:00:00Z\"}",
				"{\"name\":\"ok\",\"expires_at\":\"2026-01-15T10:00:00.5Z\"}",
				"{\"name\":\"ok\",\"expires_at\":\"next tuesday\"}", "{\"name\":\"ok\",\"expires_at\":\"2030-01-01\"}",
				"{\"name\":\"ok\",\"expires_at\":\"+10000-01-01T00:00:00Z\"}",
				"{\"name\":\"ok\",\"expires_at\":999999999999999}", "{\"name\":\"ok\",\"expires_at\":-1}",
				"{\"name\":\"ok\",\"expires_at\":99999999999999999999}", "{\"name\":\"ok\",\"expires_at\":true}",
				"{\"name\":\"ok\",\"expires_at\":1.5}", "{\"name\":\"ok\",\"rate_limit\":60}",
				"{\"name\":\"ok\",\"rate_limit\":[]}", "{\"name\":\"ok\",\"rate_limit\":{}}",
				"{\"name\":\"ok\",\"rate_limit\":{\"requests_per_minute\":null}}",
				"{\"name\":\"ok\",\"rate_limit\":{\"requests_per_minute\":0}}",
				"{\"name\":\"ok\",\"rate_limit\":{\"requests_per_minute\":\"60\"}}",
				"{\"name\":\"ok\",\"rate_limit\":{\"requests_per_minute\":1.5}}",
				"{\"name\":\"ok\",\"rate_limit\":{\"requests_per_minute\":1000001}}",
				"{\"name\":\"ok\",\"rate_limit\":{\"requests_per_minute\":99999999999999999999}}",
				"{\"name\":\"ok\",\"rate_limit\":{\"requests_per_minute\":5,\"requests_per_day\":0}}",
				"{\"name\":\"ok\",\"rate_limit\":{\"requests_per_minute\":5,\"requests_per_day\":\"x\"}}",
				"{\"name\":\"ok\",\"rate_limit\":{\"requests_per_minute\":5,\"requests_per_day\":1000000001}}",
				"{\"name\":\"ok\",\"rate_limit\":{\"requests_per_minute\":5,\"burst\":3}}",
				"{\"name\":\"ok\",\"admin\":\"yes\"}")) {
			String request = body.replace("NAME_101", "n".repeat(101))
				.replace("MODELS_1001", "[" + "\"m\",".repeat(1000) + "\"m\"]");
			record("POST /api/api-keys " + body, http().json("POST", "/api/api-keys", adminKey(), request));
		}
		String path = "/api/api-keys/" + createKey("{\"name\":\"errors-patched\"}").get("id").asString();
		for (String body : List.of("[]", "{\"admin\":true}", "{\"admin\":null}", "{\"name\":null}",
				"{\"name\":\"errors-taken\"}", "{\"is_active\":null}", "{\"is_active\":\"no\"}",
				"{\"key\":\"sk-clb-x\"}", "{\"allowed_models\":[true]}", "{\"expires_at\":\"2019-12-31T00:00:00Z\"}")) {
			record("PATCH /api/api-keys/{id} " + body, http().json("PATCH", path, adminKey(), body));
		}
		record("PATCH /api/api-keys/" + UNKNOWN_ID,
				http().json("PATCH", "/api/api-keys/" + UNKNOWN_ID, adminKey(), "{\"name\":\"x\"}"));
	}

	private void accountRequests() {
		Login login = login("errors");
		String id = add(login);
		String auth = login.authJson();
		Map<String, String> bodies = new LinkedHashMap<>();
		bodies.put("[]", "[]");
		bodies.put("null", "null");
		bodies.put("{}", "{}");
		bodies.put("{\"tokens\":\"x\"}", "{\"tokens\":\"x\"}");
		bodies.put("{\"tokens\":{\"access_token\":\"a\",\"refresh_token\":\"r\"}}",
				"{\"tokens\":{\"access_token\":\"a\",\"refresh_token\":\"r\"}}");
		bodies.put("{\"tokens\":{\"access_token\":7,\"refresh_token\":\"r\",\"account_id\":\"x\"}}",
				"{\"tokens\":{\"access_token\":7,\"refresh_token\":\"r\",\"account_id\":\"x\"}}");
		bodies.put("{\"tokens\":{\"access_token\":\"has space\",\"refresh_token\":\"r\",\"account_id\":\"x\"}}",
				"{\"tokens\":{\"access_token\":\"has space\",\"refresh_token\":\"r\",\"account_id\":\"x\"}}");
		bodies.put("auth.json with an account_id of 201 characters", auth.replace("acct-errors", "a".repeat(201)));
		bodies.put("auth.json with \"last_refresh\":true", auth.replace("\"2026-01-15T09:00:00Z\"", "true"));
		bodies.put("auth.json with \"last_refresh\":\"yesterday\"", auth.replace("2026-01-15T09:00:00Z", "yesterday"));
		bodies.put("auth.json with \"last_refresh\":\"+20000-01-01T00:00:00Z\"",
				auth.replace("2026-01-15T09:00:00Z", "+20000-01-01T00:00:00Z"));
		bodies.put("auth.json with \"name\":\"\"",
				auth.replace("{\"OPENAI_API_KEY\":null,", "{\"name\":\"\",\"OPENAI_API_KEY\":null,"));
		bodies.put("auth.json with \"name\":42", auth.replace("{\"OPENAI_API_KEY\":null,", "{\"name\":42,"));
		bodies.put("auth.json of another login with the \"name\" of an account", login("errors-other").authJson()
			.replace("{\"OPENAI_API_KEY\":null,", "{\"name\":\"errors@example.com\","));
		for (Map.Entry<String, String> body : bodies.entrySet()) {
			record("POST /api/accounts " + body.getKey(),
					http().json("POST", "/api/accounts", adminKey(), body.getValue()));
		}
		for (String body : List.of("[]", "{\"foo\":1}", "{\"tokens\":{}}", "{\"name\":null}", "{\"name\":[\"a\"]}",
				"{\"enabled\":null}", "{\"enabled\":\"true\"}")) {
			record("PATCH /api/accounts/{id} " + body, http().json("PATCH", "/api/accounts/" + id, adminKey(), body));
		}
	}

	private void protocolErrors() throws IOException {
		String key = "Authorization: Bearer " + adminKey();
		record("POST /api/api-keys with Content-Length: 10485760", RawHttp.exchange(this.port, RawHttp.request("POST",
				"/api/api-keys", key, "Content-Type: application/json", "Content-Length: 10485760")));
		try (Socket socket = RawHttp.connect(this.port)) {
			OutputStream output = socket.getOutputStream();
			output.write(RawHttp.keepAlive(RawHttp.request("POST", "/api/api-keys", key,
					"Content-Type: application/json", "Content-Length: 100", "Expect: 100-continue")));
			output.flush();
			assertThat(RawHttp.readInterim(socket.getInputStream())).startsWith("HTTP/1.1 100");
			this.clock.advance(Duration.ofSeconds(11));
			output.write("{\"na".getBytes(StandardCharsets.US_ASCII));
			output.flush();
			record("POST /api/api-keys whose body is still arriving after the body timeout",
					RawHttp.readUntilServerCloses(socket.getInputStream()));
			this.clock.reset();
		}
		record("GET /v1/models with a header of 20000 characters",
				http().send(http().request("/v1/models")
					.header("Authorization", "Bearer " + adminKey())
					.header("X-Large", "x".repeat(20_000))
					.GET()
					.build()));
		record("GARBAGE", RawHttp.exchange(this.port,
				"GARBAGE\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1)));
		record("POST /api/api-keys with Transfer-Encoding: xchunked", RawHttp.exchange(this.port,
				RawHttp.request("POST", "/api/api-keys", key, "Transfer-Encoding: xchunked")));
		record("CONNECT example.com:443",
				RawHttp.exchange(this.port,
						"CONNECT example.com:443 HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
							.getBytes(StandardCharsets.ISO_8859_1)));
		record("GET /v1/models HTTP/1.2",
				RawHttp.exchange(this.port,
						("GET /v1/models HTTP/1.2\r\n" + key + "\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
							.getBytes(StandardCharsets.ISO_8859_1)));
	}

	// what a broken database makes of an admin request, through the handler itself: the
	// service must not be broken to see it
	private void serverFailures() {
		record("an admin write a database constraint refuses",
				this.handler.conflict(new DataIntegrityViolationException("duplicate key")));
		record("an admin request while the database is unreachable",
				this.handler.dataAccess(new DataAccessResourceFailureException("connection refused")));
		record("an admin request that fails unexpectedly", this.handler.other(new IllegalStateException("unexpected"),
				new MockHttpServletRequest("GET", "/api/api-keys")));
	}

	private void record(String request, HttpResponse<byte[]> response) {
		ErrorEnvelopes.assertEnvelope(response.headers().map(), response.body());
		record(request, response.statusCode(), response.body());
	}

	private void record(String request, RawHttp.Response response) {
		ErrorEnvelopes.assertEnvelope(response);
		record(request, response.status(), response.body());
	}

	private void record(String request, ResponseEntity<byte[]> response) {
		record(request, response.getStatusCode().value(), response.getBody());
	}

	private void record(String request, int status, byte[] body) {
		assertThat(status).as("%s: %s", request, new String(body, StandardCharsets.UTF_8)).isBetween(400, 599);
		ObjectNode error = this.errors.addObject();
		error.put("request", request);
		error.put("status", status);
		error.set("error", json.readTree(body).get("error"));
	}

}
