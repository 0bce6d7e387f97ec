package io.codexlb.security;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.codexlb.support.Http;
import io.codexlb.support.ServerTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every row of the authentication table, and every key change taking effect on the next
 * request.
 */
@ExtendWith(OutputCaptureExtension.class)
class AuthenticationTest extends ServerTestSupport {

	private static final String MISSING = "{\"error\":{\"message\":\"Missing API key in Authorization header\","
			+ "\"type\":\"authentication_error\",\"param\":null,\"code\":\"invalid_api_key\"}}";

	private static final String INVALID = "{\"error\":{\"message\":\"Invalid API key\","
			+ "\"type\":\"authentication_error\",\"param\":null,\"code\":\"invalid_api_key\"}}";

	private static final String EXPIRED = "{\"error\":{\"message\":\"API key has expired\","
			+ "\"type\":\"authentication_error\",\"param\":null,\"code\":\"invalid_api_key\"}}";

	private static final String CHALLENGE = "Bearer realm=\"codex-lb\"";

	private static final String INVALID_CHALLENGE = "Bearer realm=\"codex-lb\", error=\"invalid_token\"";

	private final List<String> issuedKeys = new ArrayList<>();

	@AfterEach
	void resetClock() {
		this.clock.reset();
	}

	@Test
	void requestWhenNoBearerTokenShouldBe401MissingKey() {
		List<HttpResponse<byte[]>> responses = List.of(http().send(http().request("/backend-api/codex/models").build()),
				withAuthorization("Basic dXNlcjpwYXNz"), withAuthorization("Bearer"), withAuthorization("Bearer    "),
				withAuthorization(""), withAuthorization("Token sk-clb-abc"));
		for (HttpResponse<byte[]> response : responses) {
			assertRejected(response, MISSING, CHALLENGE);
		}
	}

	@Test
	void requestWhenTokenMalformedOrUnknownShouldBe401InvalidKey() {
		String wellFormedUnknown = "sk-clb-" + "A".repeat(43);
		for (String token : List.of("not-a-key", "sk-clb-short", "sk-clb-" + "A".repeat(44), "sk-clb-" + "!".repeat(43),
				"sk-xyz-" + "A".repeat(43), wellFormedUnknown, adminKey() + "x", adminKey() + " trailing",
				"x".repeat(10_000))) {
			assertRejected(withAuthorization("Bearer " + token), INVALID, INVALID_CHALLENGE);
		}
	}

	@Test
	void requestWhenSchemeInAnyCaseShouldAuthenticate() {
		for (String scheme : List.of("Bearer", "bearer", "BEARER", "bEaReR")) {
			assertThat(withAuthorization(scheme + " " + adminKey()).statusCode()).as(scheme).isEqualTo(200);
		}
	}

	@Test
	void requestWhenKeyDisabledShouldBe401AndWhenEnabledAgainShouldWork() {
		JsonNode key = newKey("{\"name\":\"%s\"}");
		assertThat(http().get("/v1/models", plaintext(key)).statusCode()).isEqualTo(200);
		patch(key, "{\"is_active\":false}");
		assertRejected(http().get("/v1/models", plaintext(key)), INVALID, INVALID_CHALLENGE);
		patch(key, "{\"is_active\":true}");
		assertThat(http().get("/v1/models", plaintext(key)).statusCode()).isEqualTo(200);
	}

	@Test
	void requestWhenKeyDeletedShouldBe401() {
		JsonNode key = newKey("{\"name\":\"%s\"}");
		assertThat(http().get("/v1/models", plaintext(key)).statusCode()).isEqualTo(200);
		HttpResponse<byte[]> deleted = http().send(http().request("/api/api-keys/" + key.get("id").asString())
			.header("Authorization", "Bearer " + adminKey())
			.DELETE()
			.build());
		assertThat(deleted.statusCode()).isEqualTo(200);
		assertRejected(http().get("/v1/models", plaintext(key)), INVALID, INVALID_CHALLENGE);
	}

	@Test
	void requestWhenKeyExpiredShouldBe401Expired() {
		JsonNode key = newKey("{\"name\":\"%s\",\"expires_at\":\"2026-01-15T11:00:00Z\"}");
		assertThat(http().get("/v1/models", plaintext(key)).statusCode()).isEqualTo(200);
		this.clock.advance(Duration.ofMinutes(59).plusSeconds(59));
		assertThat(http().get("/v1/models", plaintext(key)).statusCode()).isEqualTo(200);
		this.clock.advance(Duration.ofSeconds(1));
		assertRejected(http().get("/v1/models", plaintext(key)), EXPIRED, INVALID_CHALLENGE);
	}

	@Test
	void requestWhenKeyRegeneratedShouldRejectTheOldKeyAndAcceptTheNew() {
		JsonNode key = newKey("{\"name\":\"%s\"}");
		assertThat(http().get("/v1/models", plaintext(key)).statusCode()).isEqualTo(200);
		HttpResponse<byte[]> regenerated = http().json("POST",
				"/api/api-keys/" + key.get("id").asString() + "/regenerate", adminKey(), "");
		assertThat(regenerated.statusCode()).isEqualTo(200);
		String newKey = body(regenerated).get("key").asString();
		this.issuedKeys.add(newKey);
		assertThat(newKey).isNotEqualTo(plaintext(key));
		assertRejected(http().get("/v1/models", plaintext(key)), INVALID, INVALID_CHALLENGE);
		assertThat(http().get("/v1/models", newKey).statusCode()).isEqualTo(200);
	}

	@Test
	void requestWhenAllowedModelsChangedShouldFilterOnTheNextRequest() {
		JsonNode key = newKey("{\"name\":\"%s\"}");
		assertThat(ids(http().get("/v1/models", plaintext(key)))).hasSize(3);
		patch(key, "{\"allowed_models\":[\"gpt-test-legacy\"]}");
		assertThat(ids(http().get("/v1/models", plaintext(key)))).containsExactly("gpt-test-legacy");
		patch(key, "{\"allowed_models\":null}");
		assertThat(ids(http().get("/v1/models", plaintext(key)))).hasSize(3);
	}

	@Test
	void adminRouteWhenKeyIsNotAdminShouldBe403() {
		JsonNode key = newKey("{\"name\":\"%s\"}");
		for (String path : List.of("/api/api-keys", "/api/api-keys/" + key.get("id").asString())) {
			HttpResponse<byte[]> response = http().get(path, plaintext(key));
			assertThat(response.statusCode()).isEqualTo(403);
			assertThat(response.headers().firstValue("WWW-Authenticate")).isEmpty();
			assertThat(Http.text(response)).isEqualTo("{\"error\":{\"message\":\"This API key does not have "
					+ "permission to use this endpoint\",\"type\":\"permission_error\",\"param\":null,"
					+ "\"code\":\"insufficient_permissions\"}}");
		}
		HttpResponse<byte[]> create = http().json("POST", "/api/api-keys", plaintext(key), "{\"name\":\"sneaky\"}");
		assertThat(create.statusCode()).isEqualTo(403);
		assertThat(http().get("/api/api-keys", "sk-clb-" + "B".repeat(43)).statusCode()).isEqualTo(401);
		assertRejected(http().send(http().request("/api/api-keys").build()), MISSING, CHALLENGE);
	}

	@Test
	void logsShouldNeverContainAPlaintextKey(CapturedOutput output) {
		JsonNode key = newKey("{\"name\":\"%s\",\"admin\":true}");
		http().get("/v1/models", plaintext(key));
		http().get("/api/api-keys", plaintext(key));
		http().json("POST", "/api/api-keys/" + key.get("id").asString() + "/regenerate", adminKey(), "");
		http().get("/v1/models", plaintext(key));
		withAuthorization("Bearer " + plaintext(key) + "x");
		assertThat(output.getAll()).contains(key.get("key_prefix").asString());
		assertThat(output.getAll()).doesNotContain(plaintext(key)).doesNotContain(adminKey());
		this.issuedKeys.forEach((issued) -> assertThat(output.getAll()).doesNotContain(issued));
	}

	private HttpResponse<byte[]> withAuthorization(String value) {
		return http().send(http().request("/backend-api/codex/models").header("Authorization", value).build());
	}

	private static void assertRejected(HttpResponse<byte[]> response, String body, String challenge) {
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(Http.text(response)).isEqualTo(body);
		assertThat(response.headers().allValues("WWW-Authenticate")).containsExactly(challenge);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
	}

	private JsonNode newKey(String template) {
		JsonNode key = createKey(template.formatted("auth-" + UUID.randomUUID()));
		this.issuedKeys.add(plaintext(key));
		return key;
	}

	private void patch(JsonNode key, String changes) {
		HttpResponse<byte[]> response = http().json("PATCH", "/api/api-keys/" + key.get("id").asString(), adminKey(),
				changes);
		assertThat(response.statusCode()).as(Http.text(response)).isEqualTo(200);
	}

	private static String plaintext(JsonNode key) {
		return key.get("key").asString();
	}

	private static List<String> ids(HttpResponse<byte[]> response) {
		assertThat(response.statusCode()).isEqualTo(200);
		List<String> ids = new ArrayList<>();
		body(response).get("data").forEach((model) -> ids.add(model.get("id").asString()));
		return ids;
	}

}
