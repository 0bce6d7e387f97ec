package io.codexlb.usage;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import io.codexlb.support.ErrorEnvelopes;
import io.codexlb.support.Golden;
import io.codexlb.support.ServerTestSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Usage end to end on the real server: the models routes' answers counted per key and
 * outcome, flushed, and read back through the admin API and through a key's own
 * {@code /v1/usage}. The context is this class's own, so that its clock and its counts
 * are this class's alone.
 */
class UsageApiTest extends ServerTestSupport {

	private static final Path ownDataDir = newDataDir();

	@Autowired
	private UsageFlusher flusher;

	@DynamicPropertySource
	static void ownContext(DynamicPropertyRegistry registry) {
		registry.add("test.data-dir", ownDataDir::toString);
	}

	@Test
	void requestsOfARateLimitedKeyShouldBeCountedByOutcomeOnceFlushed() {
		JsonNode key = createKey(
				"{\"name\":\"limited-" + UUID.randomUUID() + "\",\"rate_limit\":{\"requests_per_minute\":5}}");
		List<Integer> statuses = models(key.get("key").asString(), 8);
		assertThat(statuses).containsExactly(200, 200, 200, 200, 200, 429, 429, 429);
		assertThat(this.flusher.flush()).isTrue();
		Instant hour = this.clock.instant().truncatedTo(ChronoUnit.HOURS);
		String id = key.get("id").asString();
		HttpResponse<byte[]> usage = http().get("/api/api-keys/" + id + "/usage?from=" + hour.minus(Duration.ofHours(1))
				+ "&to=" + hour.plus(Duration.ofHours(2)), adminKey());
		assertThat(usage.statusCode()).isEqualTo(200);
		JsonNode series = body(usage);
		assertThat(series.get("data")).hasSize(3);
		assertThat(series.get("data").get(1).get("ok").asLong()).isEqualTo(5);
		assertThat(series.get("data").get(1).get("rate_limited").asLong()).isEqualTo(3);
		Golden.assertMatches("usage-key-series.json",
				Golden.withPlaceholders(usage.body(),
						Map.of(id, "<id>", hour.minus(Duration.ofHours(1)).toString(), "<the hour before>",
								hour.toString(), "<the hour>", hour.plus(Duration.ofHours(1)).toString(),
								"<the hour after>", hour.plus(Duration.ofHours(2)).toString(), "<two hours on>")));
	}

	@Test
	void answersShouldBeCountedByStatusAndTheKeysOwnUsageReadsNotCounted() {
		JsonNode key = createKey("{\"name\":\"outcomes-" + UUID.randomUUID() + "\"}");
		String plaintext = key.get("key").asString();
		HttpResponse<byte[]> list = http().get("/v1/models", plaintext);
		String etag = list.headers().firstValue("ETag").orElseThrow();
		assertThat(http()
			.send(http().request("/v1/models")
				.header("Authorization", "Bearer " + plaintext)
				.header("If-None-Match", etag)
				.GET()
				.build())
			.statusCode()).isEqualTo(304);
		assertThat(http().get("/v1/models/no-such-model", plaintext).statusCode()).isEqualTo(404);
		assertThat(http().get("/backend-api/codex/models?client_version=0.99.0", plaintext).statusCode())
			.isEqualTo(200);
		assertThat(http().get("/v1/usage", plaintext).statusCode()).isEqualTo(200);
		this.flusher.flush();
		JsonNode totals = body(http().get("/api/api-keys/" + key.get("id").asString() + "/usage", adminKey()))
			.get("totals");
		assertThat(totals.get("total").asLong()).isEqualTo(4);
		assertThat(totals.get("ok").asLong()).isEqualTo(2);
		assertThat(totals.get("not_modified").asLong()).isEqualTo(1);
		assertThat(totals.get("not_found").asLong()).isEqualTo(1);
	}

	@Test
	void idleKeyShouldHaveAZeroFilledSeriesOfTheLastDayByDefault() {
		JsonNode key = createKey("{\"name\":\"idle-" + UUID.randomUUID() + "\"}");
		JsonNode hourly = body(http().get("/api/api-keys/" + key.get("id").asString() + "/usage", adminKey()));
		assertThat(hourly.get("granularity").asString()).isEqualTo("hour");
		assertThat(hourly.get("data")).hasSize(24);
		assertThat(hourly.get("data").get(23).get("start").asString())
			.isEqualTo(this.clock.instant().truncatedTo(ChronoUnit.HOURS).toString());
		assertThat(hourly.get("data")).allSatisfy((point) -> assertThat(point.get("total").asLong()).isZero());
		JsonNode daily = body(http().get(
				"/api/api-keys/" + key.get("id").asString() + "/usage?granularity=day&from=2026-01-01&to=2026-01-08",
				adminKey()));
		assertThat(daily.get("data")).hasSize(7);
		assertThat(daily.get("data").get(0).get("start").asString()).isEqualTo("2026-01-01T00:00:00Z");
		assertThat(daily.get("totals").get("total").asLong()).isZero();
	}

	@Test
	void badRangesShouldBe400sNamingTheParameter() {
		JsonNode key = createKey("{\"name\":\"ranges-" + UUID.randomUUID() + "\"}");
		for (String route : List.of("/api/api-keys/" + key.get("id").asString() + "/usage", "/api/usage")) {
			for (String[] query : new String[][] { { "from=yesterday", "from" }, { "to=2026-13-01", "to" },
					{ "granularity=week", "granularity" }, { "from=2026-01-02&to=2026-01-01", "from" },
					{ "from=2026-01-01T10:00:00Z&to=2026-01-01T10:00:00Z", "from" },
					{ "from=2020-01-01&to=2026-01-01", "to" }, { "from=2020-01-01", "from" },
					{ "from=1969-12-31", "from" }, { "to=9999-12-31T00:00:01Z", "to" },
					{ "to=%2B20000-01-01T00:00:00Z", "to" } }) {
				HttpResponse<byte[]> response = http().get(route + "?" + query[0], adminKey());
				assertThat(response.statusCode()).as(route + "?" + query[0]).isEqualTo(400);
				JsonNode error = ErrorEnvelopes.assertEnvelope(response.headers().map(), response.body());
				assertThat(error.get("type").asString()).isEqualTo("invalid_request_error");
				assertThat(error.get("param").asString()).as(route + "?" + query[0]).isEqualTo(query[1]);
			}
		}
		assertThat(http().get("/api/usage?from=&to=&granularity=", adminKey()).statusCode())
			.as("empty parameters, as a form sends them, are left out")
			.isEqualTo(200);
		HttpResponse<byte[]> unknown = http().get("/api/api-keys/no-such-key/usage", adminKey());
		assertThat(unknown.statusCode()).isEqualTo(404);
		assertThat(http().get("/api/usage", key.get("key").asString()).statusCode()).as("an admin route")
			.isEqualTo(403);
	}

	@Test
	void instanceUsageShouldSumEveryKeyAndRankTheKeysByRequests() {
		// an hour of this test's own
		this.clock.advance(Duration.ofHours(1));
		Instant hour = this.clock.instant().truncatedTo(ChronoUnit.HOURS);
		JsonNode busy = createKey("{\"name\":\"busy-" + UUID.randomUUID() + "\"}");
		JsonNode quiet = createKey("{\"name\":\"quiet-" + UUID.randomUUID() + "\"}");
		JsonNode gone = createKey("{\"name\":\"gone-" + UUID.randomUUID() + "\"}");
		models(busy.get("key").asString(), 3);
		models(quiet.get("key").asString(), 1);
		models(gone.get("key").asString(), 2);
		this.flusher.flush();
		assertThat(http().json("DELETE", "/api/api-keys/" + gone.get("id").asString(), adminKey(), "").statusCode())
			.isEqualTo(200);
		JsonNode usage = body(
				http().get("/api/usage?from=" + hour + "&to=" + hour.plus(Duration.ofHours(1)), adminKey()));
		assertThat(usage.get("totals").get("ok").asLong()).isEqualTo(6);
		assertThat(usage.get("data")).hasSize(1);
		JsonNode top = usage.get("top_keys");
		assertThat(top).hasSize(3);
		assertThat(top.get(0).get("key_id").asString()).isEqualTo(busy.get("id").asString());
		assertThat(top.get(0).get("name").asString()).isEqualTo(busy.get("name").asString());
		assertThat(top.get(0).get("key_prefix").asString()).isEqualTo(busy.get("key_prefix").asString());
		assertThat(top.get(0).get("total").asLong()).isEqualTo(3);
		assertThat(top.get(1).get("key_id").asString()).isEqualTo(gone.get("id").asString());
		assertThat(top.get(1).get("deleted").asBoolean()).isTrue();
		assertThat(top.get(1).get("name").isNull()).isTrue();
		assertThat(top.get(2).get("key_id").asString()).isEqualTo(quiet.get("id").asString());
	}

	@Test
	void keysOwnUsageShouldShowItsScopeAndLimitsWithoutTakingAToken() {
		String name = "own-view";
		JsonNode key = createKey("{\"name\":\"" + name
				+ "\",\"allowed_models\":[\"gpt-test-mini\"],\"rate_limit\":{\"requests_per_minute\":5},"
				+ "\"expires_at\":\"2030-01-31T00:00:00Z\"}");
		String plaintext = key.get("key").asString();
		models(plaintext, 2);
		this.flusher.flush();
		HttpResponse<byte[]> first = http().get("/v1/usage", plaintext);
		assertThat(first.statusCode()).as(new String(first.body())).isEqualTo(200);
		HttpResponse<byte[]> again = http().get("/backend-api/codex/usage", plaintext);
		assertThat(body(again)).as("no token taken, and the same at both routes").isEqualTo(body(first));
		JsonNode usage = body(first);
		assertThat(usage.get("rate_limits").get(0).get("remaining").asLong()).isEqualTo(3);
		assertThat(usage.get("requests_today").asLong()).isEqualTo(2);
		assertThat(usage.get("daily")).hasSize(7);
		assertThat(models(plaintext, 1)).containsExactly(200);
		assertThat(body(http().get("/v1/usage", plaintext)).get("rate_limits").get(0).get("remaining").asLong())
			.isEqualTo(2);
		Golden.assertMatches("key-usage.json",
				Golden.withPlaceholders(first.body(), Map.of(key.get("key_prefix").asString(), "<key prefix>")));
	}

	@Test
	void keysOwnUsageShouldBe401ForAKeyThatIsMissingDisabledOrExpired() {
		JsonNode key = createKey("{\"name\":\"disabled-" + UUID.randomUUID() + "\"}");
		JsonNode expiring = createKey("{\"name\":\"expiring-" + UUID.randomUUID() + "\",\"expires_at\":\""
				+ this.clock.instant().plus(Duration.ofMinutes(1)) + "\"}");
		assertThat(
				http().json("PATCH", "/api/api-keys/" + key.get("id").asString(), adminKey(), "{\"is_active\":false}")
					.statusCode())
			.isEqualTo(200);
		assertThat(http().get("/v1/usage", key.get("key").asString()).statusCode()).isEqualTo(401);
		assertThat(http().send(http().request("/v1/usage").GET().build()).statusCode()).isEqualTo(401);
		assertThat(http().get("/v1/usage", expiring.get("key").asString()).statusCode()).isEqualTo(200);
		this.clock.advance(Duration.ofMinutes(2));
		HttpResponse<byte[]> expired = http().get("/v1/usage", expiring.get("key").asString());
		assertThat(expired.statusCode()).isEqualTo(401);
		assertThat(ErrorEnvelopes.assertEnvelope(expired.headers().map(), expired.body()).get("message").asString())
			.isEqualTo("API key has expired");
	}

	private List<Integer> models(String key, int requests) {
		return IntStream.range(0, requests).mapToObj((i) -> http().get("/v1/models", key).statusCode()).toList();
	}

}
