package io.codexlb.admin;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.codexlb.support.ErrorEnvelopes;
import io.codexlb.support.Golden;
import io.codexlb.support.Http;
import io.codexlb.support.UpstreamServerTestSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin lists, a page at a time: newest first in a stable order, {@code has_more}
 * exact, keys found by name, prefix and state, and every bad parameter a 400 that names
 * it.
 */
class AdminListPagingTest extends UpstreamServerTestSupport {

	private static final List<String> LISTS = List.of("/api/api-keys", "/api/accounts", "/api/audit-log",
			"/api/catalog/changes", "/api/webhooks/deliveries");

	@Test
	void keysShouldPageNewestFirstWithExactHasMore() {
		String tag = tag();
		List<String> created = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			created.add(0, createKey("{\"name\":\"" + tag + "-" + i + "\"}").get("id").asString());
			this.clock.advance(Duration.ofSeconds(1));
		}
		JsonNode first = keys("q=" + tag + "&limit=2");
		assertThat(ids(first)).containsExactly(created.get(0), created.get(1));
		assertThat(first.get("first_id").asString()).isEqualTo(created.get(0));
		assertThat(first.get("last_id").asString()).isEqualTo(created.get(1));
		assertThat(first.get("has_more").asBoolean()).isTrue();
		JsonNode second = keys("q=" + tag + "&limit=2&after=" + created.get(1));
		assertThat(ids(second)).containsExactly(created.get(2), created.get(3));
		assertThat(second.get("has_more").asBoolean()).isTrue();
		JsonNode last = keys("q=" + tag + "&limit=2&after=" + created.get(3));
		assertThat(ids(last)).containsExactly(created.get(4));
		assertThat(last.get("has_more").asBoolean()).isFalse();
		// a page exactly as long as what is left has nothing more
		assertThat(keys("q=" + tag + "&limit=5").get("has_more").asBoolean()).isFalse();
		assertThat(keys("q=" + tag + "&limit=4").get("has_more").asBoolean()).isTrue();
		JsonNode empty = keys("q=" + tag + "&after=" + created.get(4));
		assertThat(empty.get("data").isEmpty()).isTrue();
		assertThat(empty.get("first_id").isNull()).isTrue();
		assertThat(empty.get("last_id").isNull()).isTrue();
		assertThat(empty.get("has_more").asBoolean()).isFalse();
	}

	@Test
	void keysPagedWhileOthersAreCreatedShouldShowEachExistingKeyOnceInOrder() throws Exception {
		String tag = tag();
		for (int i = 0; i < 30; i++) {
			createKey("{\"name\":\"" + tag + "-before-" + i + "\"}");
		}
		List<String> before = ids(keys("q=" + tag + "&limit=1000"));
		assertThat(before).hasSize(30);
		CompletableFuture<Void> inserts = CompletableFuture.runAsync(() -> {
			for (int i = 0; i < 20; i++) {
				createKey("{\"name\":\"" + tag + "-during-" + i + "\"}");
			}
		});
		List<String> seen = new ArrayList<>();
		String after = null;
		boolean more = true;
		while (more) {
			JsonNode page = keys("q=" + tag + "&limit=7" + ((after != null) ? "&after=" + after : ""));
			seen.addAll(ids(page));
			more = page.get("has_more").asBoolean();
			after = page.get("last_id").isNull() ? null : page.get("last_id").asString();
		}
		inserts.get(2, TimeUnit.MINUTES);
		assertThat(new HashSet<>(seen)).as("no key twice").hasSameSizeAs(seen);
		assertThat(seen.stream().filter(before::contains).toList()).as("every key once, in the order of the list")
			.containsExactlyElementsOf(before);
		// once the writes are done, the pages hold every key, in the order of one page
		List<String> pagedAfter = new ArrayList<>();
		after = null;
		more = true;
		while (more) {
			JsonNode page = keys("q=" + tag + "&limit=9" + ((after != null) ? "&after=" + after : ""));
			pagedAfter.addAll(ids(page));
			more = page.get("has_more").asBoolean();
			after = page.get("last_id").asString();
		}
		assertThat(pagedAfter).hasSize(50).containsExactlyElementsOf(ids(keys("q=" + tag + "&limit=1000")));
	}

	@Test
	void keysShouldBeFoundByPartOfTheNameOrTheStartOfThePrefixAndByState() {
		String tag = tag();
		String alpha = createKey("{\"name\":\"Alpha-" + tag + "\"}").get("id").asString();
		JsonNode betaKey = createKey("{\"name\":\"beta_" + tag + "\"}");
		String beta = betaKey.get("id").asString();
		String disabled = createKey("{\"name\":\"off-" + tag + "\",\"expires_at\":\"2026-01-15T11:00:00Z\"}").get("id")
			.asString();
		assertThat(http().json("PATCH", "/api/api-keys/" + disabled, adminKey(), "{\"is_active\":false}").statusCode())
			.isEqualTo(200);
		String expiring = createKey("{\"name\":\"gone-" + tag + "\",\"expires_at\":\"2026-01-15T11:00:00Z\"}").get("id")
			.asString();
		assertThat(ids(keys("q=" + encode("ALPHA-" + tag.toUpperCase())))).containsExactly(alpha);
		assertThat(ids(keys("q=" + encode(betaKey.get("key_prefix").asString())))).containsExactly(beta);
		// the wildcards of LIKE are plain characters
		assertThat(ids(keys("q=" + encode("beta_" + tag)))).containsExactly(beta);
		assertThat(ids(keys("q=" + encode("beta%" + tag)))).isEmpty();
		assertThat(ids(keys("q=" + encode("%")))).isEmpty();
		assertThat(ids(keys("q=" + tag + "&status=active"))).containsExactlyInAnyOrder(alpha, beta, expiring);
		assertThat(ids(keys("q=" + tag + "&status=disabled"))).containsExactly(disabled);
		assertThat(ids(keys("q=" + tag + "&status=expired"))).isEmpty();
		this.clock.advance(Duration.ofHours(2));
		assertThat(ids(keys("q=" + tag + "&status=active"))).containsExactlyInAnyOrder(alpha, beta);
		// disabled wins over expired
		assertThat(ids(keys("q=" + tag + "&status=disabled"))).containsExactly(disabled);
		assertThat(ids(keys("q=" + tag + "&status=expired"))).containsExactly(expiring);
		// blanks are absent parameters
		assertThat(ids(keys("q=" + tag + "&status=&after=&limit="))).hasSize(4);
	}

	@Test
	void accountsShouldPageNewestFirstWithExactHasMore() {
		List<String> added = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			added.add(0, add(login("paged-" + i)));
			this.clock.advance(Duration.ofSeconds(1));
		}
		JsonNode first = body(http().get("/api/accounts?limit=2", adminKey()));
		assertThat(ids(first)).containsExactly(added.get(0), added.get(1));
		assertThat(first.get("first_id").asString()).isEqualTo(added.get(0));
		assertThat(first.get("has_more").asBoolean()).isTrue();
		JsonNode second = body(
				http().get("/api/accounts?limit=2&after=" + first.get("last_id").asString(), adminKey()));
		assertThat(ids(second)).containsExactly(added.get(2));
		assertThat(second.get("has_more").asBoolean()).isFalse();
		assertThat(body(http().get("/api/accounts?limit=3", adminKey())).get("has_more").asBoolean()).isFalse();
		assertThat(ids(body(http().get("/api/accounts", adminKey())))).containsExactlyElementsOf(added);
	}

	@Test
	void everyBadListParameterShouldBe400NamingIt() {
		for (String list : LISTS) {
			for (String limit : List.of("0", "-1", "1001", "abc", "1.5", "99999999999999999999")) {
				assertBadParameter(list + "?limit=" + limit, "limit");
			}
			assertBadParameter(list + "?after=" + encode("no such id"), "after");
		}
		assertBadParameter("/api/api-keys?status=revoked", "status");
		assertBadParameter("/api/api-keys?q=" + "x".repeat(201), "q");
		assertBadParameter("/api/api-keys?q=a%09b", "q");
		assertBadParameter("/api/webhooks/deliveries?status=lost", "status");
		// the largest page is allowed
		assertThat(http().get("/api/api-keys?limit=1000", adminKey()).statusCode()).isEqualTo(200);
	}

	@Test
	void keyPageShouldMatchGolden() {
		JsonNode created = createKey("""
				{"name":"golden-page","allowed_models":["gpt-test-pro"],"rate_limit":{"requests_per_minute":60}}
				""");
		String id = created.get("id").asString();
		try {
			HttpResponse<byte[]> page = http().get("/api/api-keys?q=golden-page&limit=1", adminKey());
			assertThat(page.statusCode()).as(Http.text(page)).isEqualTo(200);
			assertThat(page.headers().firstValue("Cache-Control")).hasValue("private, no-cache");
			Golden.assertMatches("api-key-page.json", Golden.withPlaceholders(page.body(),
					Map.of(id, "<id>", created.get("key_prefix").asString(), "<key prefix>")));
		}
		finally {
			http().send(http().request("/api/api-keys/" + id)
				.header("Authorization", "Bearer " + adminKey())
				.DELETE()
				.build());
		}
	}

	private JsonNode keys(String query) {
		HttpResponse<byte[]> response = http().get("/api/api-keys?" + query, adminKey());
		assertThat(response.statusCode()).as(query + ": " + Http.text(response)).isEqualTo(200);
		return body(response);
	}

	private void assertBadParameter(String path, String param) {
		HttpResponse<byte[]> response = http().get(path, adminKey());
		assertThat(response.statusCode()).as(path + ": " + Http.text(response)).isEqualTo(400);
		JsonNode error = ErrorEnvelopes.assertEnvelope(response.headers().map(), response.body());
		assertThat(error.get("param").asString()).as(path).isEqualTo(param);
		assertThat(error.get("type").asString()).isEqualTo("invalid_request_error");
	}

	private static List<String> ids(JsonNode page) {
		List<String> ids = new ArrayList<>();
		page.get("data").forEach((entry) -> ids.add(entry.get("id").asString()));
		return ids;
	}

	private static String tag() {
		return "t" + UUID.randomUUID().toString().substring(0, 8);
	}

	private static String encode(String text) {
		return URLEncoder.encode(text, StandardCharsets.UTF_8);
	}

}
