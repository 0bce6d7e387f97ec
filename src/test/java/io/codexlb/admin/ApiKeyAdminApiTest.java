package io.codexlb.admin;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.codexlb.support.ErrorEnvelopes;
import io.codexlb.support.Golden;
import io.codexlb.support.Http;
import io.codexlb.support.RawHttp;
import io.codexlb.support.ServerTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ApiKeyAdminApiTest extends ServerTestSupport {

	@Test
	void createShouldReturnTheRecordAndTheKeyOnce() {
		String name = "create-" + UUID.randomUUID();
		HttpResponse<byte[]> response = http().json("POST", "/api/api-keys", adminKey(), """
				{"name":"%s","allowed_models":["gpt-test-pro","gpt-test-mini"],"expires_at":"2030-01-31T00:00:00+01:00",
				 "rate_limit":{"requests_per_minute":120,"requests_per_day":5000}}
				""".formatted(name));
		assertThat(response.statusCode()).isEqualTo(201);
		assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
		JsonNode created = body(response);
		String id = created.get("id").asString();
		assertThat(response.headers().firstValue("Location")).hasValue("/api/api-keys/" + id);
		assertThat(created.propertyNames()).containsExactly("id", "object", "name", "key_prefix", "allowed_models",
				"account_ids", "expires_at", "is_active", "admin", "rate_limit", "created_at", "last_used_at", "key");
		String key = created.get("key").asString();
		assertThat(key).matches("sk-clb-[A-Za-z0-9_-]{43}");
		assertThat(created.get("key_prefix").asString()).isEqualTo(key.substring(0, 12));
		assertThat(created.get("object").asString()).isEqualTo("api_key");
		assertThat(created.get("name").asString()).isEqualTo(name);
		assertThat(created.get("allowed_models").toString()).isEqualTo("[\"gpt-test-mini\",\"gpt-test-pro\"]");
		assertThat(created.get("expires_at").asString()).isEqualTo("2030-01-30T23:00:00Z");
		assertThat(created.get("is_active").asBoolean()).isTrue();
		assertThat(created.get("admin").asBoolean()).isFalse();
		assertThat(created.get("rate_limit").toString())
			.isEqualTo("{\"requests_per_minute\":120,\"requests_per_day\":5000}");
		assertThat(created.get("created_at").asString()).isEqualTo("2026-01-15T10:00:00Z");
		assertThat(created.get("last_used_at").isNull()).isTrue();

		HttpResponse<byte[]> fetched = http().get("/api/api-keys/" + id, adminKey());
		assertThat(fetched.statusCode()).isEqualTo(200);
		assertThat(body(fetched).has("key")).isFalse();
		assertThat(Http.text(fetched)).doesNotContain(key).doesNotContain(sha256(key));
		HttpResponse<byte[]> list = http().get("/api/api-keys?q=" + created.get("key_prefix").asString(), adminKey());
		assertThat(Http.text(list)).contains(id).doesNotContain(key).doesNotContain(sha256(key));
		assertThat(body(list).get("object").asString()).isEqualTo("list");
	}

	@Test
	void issuedKeyAndKeyResponsesShouldMatchGolden() {
		HttpResponse<byte[]> issued = http().json("POST", "/api/api-keys", adminKey(), """
				{"name":"golden","allowed_models":["gpt-test-pro","gpt-test-mini"],"expires_at":"2030-01-31T00:00:00Z",
				 "rate_limit":{"requests_per_minute":120,"requests_per_day":5000}}
				""");
		assertThat(issued.statusCode()).as(Http.text(issued)).isEqualTo(201);
		JsonNode created = body(issued);
		String id = created.get("id").asString();
		Map<String, String> placeholders = Map.of(id, "<id>", created.get("key").asString(), "<key>",
				created.get("key_prefix").asString(), "<key prefix>");
		Golden.assertMatches("api-key-issued.json", Golden.withPlaceholders(issued.body(), placeholders));
		Golden.assertMatches("api-key.json",
				Golden.withPlaceholders(http().get("/api/api-keys/" + id, adminKey()).body(), placeholders));
		Golden.assertMatches("api-key-deleted.json", Golden.withPlaceholders(http().send(
				http().request("/api/api-keys/" + id).header("Authorization", "Bearer " + adminKey()).DELETE().build())
			.body(), placeholders));
	}

	@Test
	void listShouldShowEveryKeyWithoutSecrets() {
		JsonNode created = createKey("{\"name\":\"list-" + UUID.randomUUID() + "\"}");
		boolean found = false;
		for (JsonNode record : http().all("/api/api-keys", adminKey())) {
			assertThat(record.has("key")).isFalse();
			assertThat(record.has("key_hash")).isFalse();
			found |= record.get("id").equals(created.get("id"));
		}
		assertThat(found).isTrue();
	}

	@Test
	void patchShouldChangeOnlyTheGivenFields() {
		JsonNode created = createKey("""
				{"name":"patch-%s","allowed_models":["gpt-test-pro"],"rate_limit":{"requests_per_minute":10}}
				""".formatted(UUID.randomUUID()));
		String id = created.get("id").asString();
		String newName = "renamed-" + UUID.randomUUID();
		HttpResponse<byte[]> patched = http().json("PATCH", "/api/api-keys/" + id, adminKey(),
				"{\"name\":\"" + newName + "\",\"expires_at\":\"2031-05-01T00:00:00Z\"}");
		assertThat(patched.statusCode()).as(Http.text(patched)).isEqualTo(200);
		JsonNode record = body(patched);
		assertThat(record.get("name").asString()).isEqualTo(newName);
		assertThat(record.get("expires_at").asString()).isEqualTo("2031-05-01T00:00:00Z");
		assertThat(record.get("allowed_models").toString()).isEqualTo("[\"gpt-test-pro\"]");
		assertThat(record.get("rate_limit").toString())
			.isEqualTo("{\"requests_per_minute\":10,\"requests_per_day\":null}");
		JsonNode cleared = body(http().json("PATCH", "/api/api-keys/" + id, adminKey(),
				"{\"expires_at\":null,\"rate_limit\":null,\"allowed_models\":[]}"));
		assertThat(cleared.get("expires_at").isNull()).isTrue();
		assertThat(cleared.get("rate_limit").isNull()).isTrue();
		assertThat(cleared.get("allowed_models").isNull()).isTrue();
		assertThat(body(http().get("/api/api-keys/" + id, adminKey()))).isEqualTo(cleared);
	}

	@Test
	void unknownIdShouldBe404OnEveryRoute() {
		String path = "/api/api-keys/" + UUID.randomUUID();
		assertNotFound(http().get(path, adminKey()));
		assertNotFound(http().json("PATCH", path, adminKey(), "{\"name\":\"x\"}"));
		assertNotFound(
				http().send(http().request(path).header("Authorization", "Bearer " + adminKey()).DELETE().build()));
		assertNotFound(http().json("POST", path + "/regenerate", adminKey(), ""));
	}

	private static void assertNotFound(HttpResponse<byte[]> response) {
		assertThat(response.statusCode()).isEqualTo(404);
		JsonNode error = body(response).get("error");
		assertThat(error.get("code").asString()).isEqualTo("api_key_not_found");
		assertThat(error.get("type").asString()).isEqualTo("invalid_request_error");
		assertThat(error.get("param").asString()).isEqualTo("id");
	}

	@ParameterizedTest(name = "{0} -> param {1}")
	@CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
			{}                                                                 | name
			{"name":null}                                                      | name
			{"name":42}                                                        | name
			{"name":"   "}                                                     | name
			{"name":"NAME_101"}                                                | name
			{"name":"tab\\there"}                                              | name
			{"name":"ok","nickname":"x"}                                       | nickname
			{"name":"ok","allowed_models":"gpt-test-pro"}                      | allowed_models
			{"name":"ok","allowed_models":[1]}                                 | allowed_models
			{"name":"ok","allowed_models":[""]}                                | allowed_models
			{"name":"ok","allowed_models":["has space"]}                       | allowed_models
			{"name":"ok","allowed_models":MODELS_1001}                         | allowed_models
			{"name":"ok","expires_at":"2020-01-01T00:00:00Z"}                  | expires_at
			{"name":"ok","expires_at":"2026-01-15T10:00:00Z"}                  | expires_at
			{"name":"ok","expires_at":"next tuesday"}                          | expires_at
			{"name":"ok","expires_at":"2030-01-01"}                            | expires_at
			{"name":"ok","expires_at":"+10000-01-01T00:00:00Z"}                | expires_at
			{"name":"ok","expires_at":999999999999999}                         | expires_at
			{"name":"ok","expires_at":true}                                    | expires_at
			{"name":"ok","expires_at":1.5}                                     | expires_at
			{"name":"ok","rate_limit":60}                                      | rate_limit
			{"name":"ok","rate_limit":{}}                                      | rate_limit.requests_per_minute
			{"name":"ok","rate_limit":{"requests_per_minute":0}}               | rate_limit.requests_per_minute
			{"name":"ok","rate_limit":{"requests_per_minute":-5}}              | rate_limit.requests_per_minute
			{"name":"ok","rate_limit":{"requests_per_minute":"60"}}            | rate_limit.requests_per_minute
			{"name":"ok","rate_limit":{"requests_per_minute":1.5}}             | rate_limit.requests_per_minute
			{"name":"ok","rate_limit":{"requests_per_minute":1000001}}         | rate_limit.requests_per_minute
			{"name":"ok","rate_limit":{"requests_per_minute":9999999999999}}   | rate_limit.requests_per_minute
			{"name":"ok","rate_limit":{"requests_per_minute":5,"requests_per_day":0}} | rate_limit.requests_per_day
			{"name":"ok","rate_limit":{"requests_per_minute":5,"burst":3}}     | rate_limit.burst
			{"name":"ok","admin":"yes"}                                        | admin
			""")
	void createWhenInvalidShouldBe400NamingTheParamAndStoreNothing(String body, String param) {
		String request = body.replace("NAME_101", "n".repeat(101))
			.replace("MODELS_1001", "[" + "\"m\",".repeat(1000) + "\"m\"]");
		int before = keyCount();
		HttpResponse<byte[]> response = http().json("POST", "/api/api-keys", adminKey(), request);
		assertThat(response.statusCode()).as(Http.text(response)).isEqualTo(400);
		JsonNode error = body(response).get("error");
		assertThat(error.propertyNames()).containsExactly("message", "type", "param", "code");
		assertThat(error.get("type").asString()).isEqualTo("invalid_request_error");
		assertThat(error.get("param").asString()).isEqualTo(param);
		assertThat(error.get("message").asString()).isNotBlank();
		assertThat(keyCount()).isEqualTo(before);
	}

	@ParameterizedTest(name = "{0} -> param {1}")
	@CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
			{"admin":true}                              | admin
			{"is_active":"no"}                          | is_active
			{"is_active":null}                          | is_active
			{"name":null}                               | name
			{"key":"sk-clb-x"}                          | key
			{"expires_at":"2019-12-31T00:00:00Z"}       | expires_at
			{"name":"fine","allowed_models":[true]}     | allowed_models
			""")
	void patchWhenInvalidShouldBe400NamingTheParamAndChangeNothing(String body, String param) {
		JsonNode created = createKey("{\"name\":\"invalid-patch-" + UUID.randomUUID() + "\"}");
		String path = "/api/api-keys/" + created.get("id").asString();
		JsonNode before = body(http().get(path, adminKey()));
		HttpResponse<byte[]> response = http().json("PATCH", path, adminKey(), body);
		assertThat(response.statusCode()).as(Http.text(response)).isEqualTo(400);
		assertThat(body(response).get("error").get("param").asString()).isEqualTo(param);
		assertThat(body(http().get(path, adminKey()))).isEqualTo(before);
	}

	@ParameterizedTest(name = "{0} -> code {1}")
	@CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
			{"name":"ok","nickname":"x"}                        | unknown_parameter
			{}                                                  | missing_required_parameter
			{"name":"ok","rate_limit":{}}                       | missing_required_parameter
			{"name":42}                                         | invalid_type
			{"name":"ok","rate_limit":{"requests_per_minute":"6"}} | invalid_type
			{"name":"ok","expires_at":"2020-01-01T00:00:00Z"}   | invalid_value
			{"name":                                            | invalid_json
			""")
	void createWhenInvalidShouldSayWhatKindOfProblemInCode(String body, String code) {
		HttpResponse<byte[]> response = http().json("POST", "/api/api-keys", adminKey(), body);
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(body(response).get("error").get("code").asString()).isEqualTo(code);
	}

	@Test
	void createWhenNameTakenShouldBe400AndStoreNothing() {
		String name = "duplicate-" + UUID.randomUUID();
		createKey("{\"name\":\"" + name + "\"}");
		int before = keyCount();
		HttpResponse<byte[]> response = http().json("POST", "/api/api-keys", adminKey(), "{\"name\":\"" + name + "\"}");
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(body(response).get("error").get("param").asString()).isEqualTo("name");
		assertThat(keyCount()).isEqualTo(before);
		JsonNode other = createKey("{\"name\":\"other-" + UUID.randomUUID() + "\"}");
		HttpResponse<byte[]> rename = http().json("PATCH", "/api/api-keys/" + other.get("id").asString(), adminKey(),
				"{\"name\":\"" + name + "\"}");
		assertThat(rename.statusCode()).isEqualTo(400);
		assertThat(body(rename).get("error").get("param").asString()).isEqualTo("name");
	}

	@Test
	void bodyWhenNotJsonObjectShouldBe400Or415() {
		for (String body : new String[] { "{not json", "[1,2]", "\"text\"", "", "{\"name\":\"a\",\"name\":\"b\"}" }) {
			HttpResponse<byte[]> response = http().json("POST", "/api/api-keys", adminKey(), body);
			assertThat(response.statusCode()).as(body).isEqualTo(400);
			assertThat(body(response).get("error").get("type").asString()).isEqualTo("invalid_request_error");
		}
		HttpResponse<byte[]> wrongType = http().send(http().request("/api/api-keys")
			.header("Authorization", "Bearer " + adminKey())
			.header("Content-Type", "text/plain")
			.POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"x\"}"))
			.build());
		assertThat(wrongType.statusCode()).isEqualTo(415);
		assertThat(body(wrongType).get("error").get("code").asString()).isEqualTo("unsupported_media_type");
	}

	@Test
	void createWhenTenThousandAllowedModelsShouldBe400AndStoreNothing() {
		int before = keyCount();
		StringBuilder models = new StringBuilder("[");
		for (int i = 0; i < 10_000; i++) {
			models.append((i > 0) ? "," : "").append("\"m").append(i % 100).append('"');
		}
		String body = "{\"name\":\"many-" + UUID.randomUUID() + "\",\"allowed_models\":" + models + "]}";
		assertThat(body.length()).isLessThan(64 * 1024);
		HttpResponse<byte[]> response = http().json("POST", "/api/api-keys", adminKey(), body);
		assertThat(response.statusCode()).as(Http.text(response)).isEqualTo(400);
		assertThat(body(response).get("error").get("param").asString()).isEqualTo("allowed_models");
		assertThat(keyCount()).isEqualTo(before);
	}

	@Test
	void bodyLargerThanTheLimitShouldBe413EnvelopeAndStoreNothing() {
		int before = keyCount();
		String name = "huge-" + UUID.randomUUID();
		List<String> bodies = List.of(
				"{\"name\":\"" + name + "\",\"pad\":\"" + "x".repeat(64 * 1024) + "\"}", "{\"name\":\"" + name
						+ "\",\"allowed_models\":[" + "\"gpt-test-pro-with-a-long-id\",".repeat(10_000) + "\"x\"]}",
				"{\"name\":\"" + name + "\",\"pad\":\"" + "x".repeat(1024 * 1024) + "\"}");
		for (String body : bodies) {
			assertTooLarge(http().json("POST", "/api/api-keys", adminKey(), body));
		}
		JsonNode created = createKey("{\"name\":\"" + name + "\"}");
		assertTooLarge(http().json("PATCH", "/api/api-keys/" + created.get("id").asString(), adminKey(),
				"{\"name\":\"" + "n".repeat(70_000) + "\"}"));
		assertThat(keyCount()).isEqualTo(before + 1);
		assertThat(body(http().get("/api/api-keys/" + created.get("id").asString(), adminKey())).get("name").asString())
			.isEqualTo(name);
	}

	@Test
	void bodyDeclaredLargerThanTheLimitShouldBe413BeforeItIsSent() {
		// only the headers go out: the answer must not wait for a body that never comes
		RawHttp.Response response = RawHttp.exchange(this.port, RawHttp.request("POST", "/api/api-keys",
				"Authorization: Bearer " + adminKey(), "Content-Type: application/json", "Content-Length: 10485760"));
		assertThat(response.status()).isEqualTo(413);
		assertThat(ErrorEnvelopes.assertEnvelope(response).get("code").asString()).isEqualTo("request_too_large");
	}

	@Test
	void chunkedBodyShouldBeCountedAgainstTheLimitToo() {
		int before = keyCount();
		String name = "chunked-" + UUID.randomUUID();
		RawHttp.Response tooLarge = RawHttp.exchange(this.port,
				chunked("{\"name\":\"" + name + "\",\"pad\":\"" + "x".repeat(100 * 1024) + "\"}"));
		assertThat(tooLarge.status()).isEqualTo(413);
		assertThat(ErrorEnvelopes.assertEnvelope(tooLarge).get("code").asString()).isEqualTo("request_too_large");
		assertThat(keyCount()).isEqualTo(before);
		RawHttp.Response small = RawHttp.exchange(this.port, chunked("{\"name\":\"" + name + "\"}"));
		assertThat(small.status()).as(small.text()).isEqualTo(201);
		assertThat(keyCount()).isEqualTo(before + 1);
	}

	@Test
	void bodyLargerThanTheLimitWithoutAnAdminKeyShouldBeRefusedByAuthenticationFirst() {
		HttpResponse<byte[]> response = http().json("POST", "/api/api-keys", "sk-clb-" + "N".repeat(43),
				"{\"name\":\"" + "x".repeat(100_000) + "\"}");
		assertThat(response.statusCode()).isEqualTo(401);
	}

	private byte[] chunked(String body) {
		byte[] head = RawHttp.request("POST", "/api/api-keys", "Authorization: Bearer " + adminKey(),
				"Content-Type: application/json", "Transfer-Encoding: chunked");
		StringBuilder chunks = new StringBuilder();
		for (int start = 0; start < body.length(); start += 8192) {
			String chunk = body.substring(start, Math.min(body.length(), start + 8192));
			chunks.append(Integer.toHexString(chunk.length())).append("\r\n").append(chunk).append("\r\n");
		}
		chunks.append("0\r\n\r\n");
		byte[] tail = chunks.toString().getBytes(StandardCharsets.US_ASCII);
		byte[] request = Arrays.copyOf(head, head.length + tail.length);
		System.arraycopy(tail, 0, request, head.length, tail.length);
		return request;
	}

	private static void assertTooLarge(HttpResponse<byte[]> response) {
		assertThat(response.statusCode()).isEqualTo(413);
		JsonNode error = ErrorEnvelopes.assertEnvelope(response.headers().map(), response.body());
		assertThat(error.get("code").asString()).isEqualTo("request_too_large");
		assertThat(error.get("message").asString()).contains("65536 bytes");
	}

	@Test
	void deleteShouldRemoveTheKey() {
		JsonNode created = createKey("{\"name\":\"delete-" + UUID.randomUUID() + "\"}");
		String path = "/api/api-keys/" + created.get("id").asString();
		HttpResponse<byte[]> deleted = http()
			.send(http().request(path).header("Authorization", "Bearer " + adminKey()).DELETE().build());
		assertThat(Http.text(deleted)).isEqualTo(
				"{\"id\":\"" + created.get("id").asString() + "\",\"object\":\"api_key.deleted\",\"deleted\":true}");
		assertThat(http().get(path, adminKey()).statusCode()).isEqualTo(404);
	}

	@Test
	void lastUsedAtShouldBeRecordedAfterUse() throws Exception {
		JsonNode created = createKey("{\"name\":\"used-" + UUID.randomUUID() + "\"}");
		http().get("/v1/models", created.get("key").asString());
		await().atMost(Duration.ofSeconds(15))
			.untilAsserted(() -> assertThat(
					body(http().get("/api/api-keys/" + created.get("id").asString(), adminKey())).get("last_used_at")
						.asString(null))
				.isEqualTo("2026-01-15T10:00:00Z"));
	}

	private int keyCount() {
		return http().all("/api/api-keys", adminKey()).size();
	}

	private static String sha256(String key) throws IllegalStateException {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.US_ASCII)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
