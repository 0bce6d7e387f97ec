package io.codexlb.webhook;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.codexlb.support.ErrorEnvelopes;
import io.codexlb.support.Golden;
import io.codexlb.support.Http;
import io.codexlb.support.Secrets;
import io.codexlb.support.UpstreamServerTestSupport;
import io.codexlb.support.UpstreamStandIn;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Webhooks end to end: catalog changes made against the upstream stand-in are POSTed,
 * signed, to a real receiver on loopback, retried on the clock the test moves, and shown
 * at {@code GET /api/webhooks/deliveries} without their secret.
 */
// closed after the class: its sender polls every 100 ms, and its receiver stops with the
// class
@DirtiesContext
class WebhookDeliveryTest extends UpstreamServerTestSupport {

	static final String SECRET = "whsec-" + "s3cr3t-value-for-the-hmac";

	// a credential in the query string, which must never be shown
	static final String QUERY_TOKEN = "query-token-" + "0123456789abcdef";

	static final WireMockServer receiver = new WireMockServer(options().bindAddress("127.0.0.1").port(Http.freePort()));

	private static final Path ownDataDir = newDataDir();

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private MeterRegistry meterRegistry;

	@Autowired
	private WebhookRetention retention;

	@DynamicPropertySource
	static void webhooks(DynamicPropertyRegistry registry) {
		receiver.start();
		Secrets.register(SECRET);
		Secrets.register(QUERY_TOKEN);
		registry.add("test.data-dir", ownDataDir::toString);
		registry.add("codex-lb.webhooks[0].url", () -> receiver.baseUrl() + "/hook?token=" + QUERY_TOKEN);
		registry.add("codex-lb.webhooks[0].secret", () -> SECRET);
		registry.add("codex-lb.webhooks[1].url", () -> receiver.baseUrl() + "/redirect");
		registry.add("codex-lb.webhooks[1].secret", () -> "another-secret-for-the-redirect");
		registry.add("codex-lb.webhooks[1].events", () -> "model_added");
		registry.add("codex-lb.webhook-delivery.poll-interval", () -> "100ms");
		registry.add("codex-lb.webhook-delivery.timeout", () -> "2s");
		registry.add("codex-lb.webhook-delivery.max-attempts", () -> "3");
	}

	@AfterAll
	static void stopReceiver() {
		receiver.stop();
	}

	@BeforeEach
	void answerEveryDelivery() {
		receiver.resetAll();
		receiver.stubFor(any(urlPathEqualTo("/hook")).willReturn(aResponse().withStatus(204)));
		receiver.stubFor(any(urlPathEqualTo("/redirect"))
			.willReturn(aResponse().withStatus(302).withHeader("Location", receiver.baseUrl() + "/redirected")));
		receiver.stubFor(any(urlPathEqualTo("/redirected")).willReturn(aResponse().withStatus(200)));
	}

	@Test
	void deliveryShouldBeSignedWithTheSecretAndCarryTheBatchAsTheChangesRouteShowsIt() {
		long version = changeTheCatalog("signed", "wh-signed");
		JsonNode row = delivery(version, "/hook");
		LoggedRequest request = await().atMost(Duration.ofSeconds(30))
			.until(() -> requestsFor(row.get("id").asString()), (requests) -> requests.size() == 1)
			.get(0);
		assertThat(request.getHeader("Content-Type")).isEqualTo("application/json");
		assertThat(request.getHeader("User-Agent")).isEqualTo("codex-lb-webhooks");
		assertThat(request.getHeader("X-Codex-LB-Event")).isEqualTo("catalog.changes");
		assertThat(request.getHeader("X-Codex-LB-Signature")).isEqualTo("sha256=" + hmac(request.getBody(), SECRET));
		assertThat(request.getQueryParams().get("token").firstValue()).isEqualTo(QUERY_TOKEN);
		JsonNode payload = json.readTree(request.getBody());
		assertThat(payload.get("id").asString()).isEqualTo(row.get("id").asString());
		assertThat(payload.get("event").asString()).isEqualTo("catalog.changes");
		assertThat(payload.get("snapshot_version").asLong()).isEqualTo(version);
		assertThat(payload.get("occurred_at").asString()).isEqualTo(this.clock.instant().toString());
		// the entries are those of the changes route
		List<JsonNode> listed = new ArrayList<>();
		body(http().get("/api/catalog/changes?limit=500", adminKey())).get("data").forEach((change) -> {
			if (change.get("snapshot_version").asLong() == version) {
				listed.add(change);
			}
		});
		List<JsonNode> sent = new ArrayList<>();
		payload.get("changes").forEach(sent::add);
		assertThat(sent).extracting((change) -> change.get("event").asString())
			.contains("model_added", "account_models_changed");
		assertThat(sent).containsExactlyInAnyOrderElementsOf(listed);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> delivery(version, "/hook").get("status").asString().equals("delivered"));
		JsonNode delivered = delivery(version, "/hook");
		assertThat(delivered.get("attempts").asInt()).isEqualTo(1);
		assertThat(delivered.get("last_status_code").asInt()).isEqualTo(204);
		assertThat(delivered.get("delivered_at").asString()).isEqualTo(this.clock.instant().toString());
		assertThat(delivered.get("next_attempt_at").isNull()).isTrue();
	}

	@Test
	void receiverWhenItAnswers500TwiceShouldGetTheSameDeliveryThreeTimesAndItEndDelivered() {
		// only this test's batch has the model: the batches of the other tests, made due
		// by the clock this test moves, are answered 204
		receiver.stubFor(post(urlPathEqualTo("/hook")).withRequestBody(containing("\"wh-flaky\""))
			.inScenario("flaky")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(aResponse().withStatus(500).withBody("try later"))
			.willSetStateTo("failed once"));
		receiver.stubFor(post(urlPathEqualTo("/hook")).withRequestBody(containing("\"wh-flaky\""))
			.inScenario("flaky")
			.whenScenarioStateIs("failed once")
			.willReturn(aResponse().withStatus(500))
			.willSetStateTo("failed twice"));
		receiver.stubFor(post(urlPathEqualTo("/hook")).withRequestBody(containing("\"wh-flaky\""))
			.inScenario("flaky")
			.whenScenarioStateIs("failed twice")
			.willReturn(aResponse().withStatus(200)));
		double retriedBefore = outcome("retried");
		long version = changeTheCatalog("flaky", "wh-flaky");
		String id = delivery(version, "/hook").get("id").asString();
		await().atMost(Duration.ofSeconds(30)).until(() -> requestsFor(id).size() == 1);
		await().atMost(Duration.ofSeconds(30)).until(() -> delivery(version, "/hook").get("attempts").asInt() == 1);
		JsonNode retrying = delivery(version, "/hook");
		assertThat(retrying.get("status").asString()).isEqualTo("pending");
		assertThat(retrying.get("last_status_code").asInt()).isEqualTo(500);
		assertThat(retrying.get("last_error").asString()).isEqualTo("HTTP 500");
		assertThat(retrying.get("next_attempt_at").asString())
			.isEqualTo(this.clock.instant().plusSeconds(10).toString());
		// not due before the backoff has passed
		assertThat(requestsFor(id)).hasSize(1);

		this.clock.advance(Duration.ofSeconds(10));
		await().atMost(Duration.ofSeconds(30)).until(() -> delivery(version, "/hook").get("attempts").asInt() == 2);
		assertThat(delivery(version, "/hook").get("next_attempt_at").asString())
			.isEqualTo(this.clock.instant().plusSeconds(20).toString());
		this.clock.advance(Duration.ofSeconds(20));
		await().atMost(Duration.ofSeconds(30))
			.until(() -> delivery(version, "/hook").get("status").asString().equals("delivered"));
		List<LoggedRequest> requests = requestsFor(id);
		assertThat(requests).hasSize(3);
		assertThat(requests).extracting(LoggedRequest::getBodyAsString).containsOnly(requests.get(0).getBodyAsString());
		assertThat(requests).extracting((request) -> request.getHeader("X-Codex-LB-Signature"))
			.containsOnly("sha256=" + hmac(requests.get(0).getBody(), SECRET));
		assertThat(delivery(version, "/hook").get("attempts").asInt()).isEqualTo(3);
		assertThat(delivery(version, "/hook").get("last_error").isNull()).isTrue();
		assertThat(outcome("retried") - retriedBefore).isGreaterThanOrEqualTo(2);
	}

	@Test
	void answerWhoseBodyTricklesShouldBeGivenUpAndTriedAgain() {
		// the headers at once, then a body that would take two minutes, a chunk every
		// 1.2 s (within the 2 s timeout: only a deadline on the whole answer ends it);
		// for this test's batch only, so that the others sent meanwhile (such as the
		// removals of the accounts before each test) are not held up
		receiver.stubFor(post(urlPathEqualTo("/hook")).withRequestBody(containing("\"wh-trickle\""))
			.willReturn(aResponse().withStatus(200).withBody("x".repeat(1000)).withChunkedDribbleDelay(100, 120_000)));
		long version = changeTheCatalog("trickle", "wh-trickle");
		await().atMost(Duration.ofSeconds(90)).until(() -> delivery(version, "/hook").get("attempts").asInt() == 1);
		JsonNode retrying = delivery(version, "/hook");
		assertThat(retrying.get("status").asString()).isEqualTo("pending");
		assertThat(retrying.get("last_error").asString()).startsWith("no answer within PT2S");

		receiver.stubFor(any(urlPathEqualTo("/hook")).willReturn(aResponse().withStatus(204)));
		this.clock.advance(Duration.ofSeconds(10));
		await().atMost(Duration.ofSeconds(30))
			.until(() -> delivery(version, "/hook").get("status").asString().equals("delivered"));
	}

	@Test
	void redirectShouldNotBeFollowedAndAfterTheLastAttemptTheDeliveryFail() {
		double failedBefore = outcome("failed");
		long version = changeTheCatalog("redirect", "wh-redirect");
		JsonNode row = delivery(version, "/redirect");
		assertThat(row.get("webhook_url").asString()).isEqualTo(receiver.baseUrl() + "/redirect");
		for (int attempt = 1; attempt <= 3; attempt++) {
			int expected = attempt;
			await().atMost(Duration.ofSeconds(30))
				.until(() -> delivery(version, "/redirect").get("attempts").asInt() == expected);
			this.clock.advance(Duration.ofMinutes(1));
		}
		JsonNode failed = delivery(version, "/redirect");
		assertThat(failed.get("status").asString()).isEqualTo("failed");
		assertThat(failed.get("last_status_code").asInt()).isEqualTo(302);
		assertThat(failed.get("last_error").asString()).isEqualTo("HTTP 302 (redirects are not followed)");
		assertThat(failed.get("next_attempt_at").isNull()).isTrue();
		assertThat(receiver.findAll(anyRequestedFor(urlPathEqualTo("/redirected")))).isEmpty();
		assertThat(outcome("failed") - failedBefore).isGreaterThanOrEqualTo(1);
		// the redirect's webhook takes model_added only
		JsonNode payload = json.readTree(requestsFor(row.get("id").asString()).get(0).getBody());
		payload.get("changes").forEach((change) -> assertThat(change.get("event").asString()).isEqualTo("model_added"));
	}

	@Test
	void deliveriesShouldShowNeitherSecretNorQueryNorPayloadAndMatchGolden() {
		long version = changeTheCatalog("shown", "wh-shown");
		await().atMost(Duration.ofSeconds(30))
			.until(() -> delivery(version, "/hook").get("status").asString().equals("delivered"));
		HttpResponse<byte[]> response = http().get("/api/webhooks/deliveries?limit=500", adminKey());
		String text = Http.text(response);
		assertThat(text).doesNotContain(SECRET).doesNotContain(QUERY_TOKEN).doesNotContain("sha256=");
		JsonNode delivered = delivery(version, "/hook");
		assertThat(delivered.get("webhook_url").asString()).isEqualTo(receiver.baseUrl() + "/hook");
		ObjectNode entry = (ObjectNode) delivered.deepCopy();
		entry.put("snapshot_version", "<version>");
		entry.put("webhook_url", "<receiver>/hook");
		Golden.assertMatches("webhook-delivery.json",
				Golden.withPlaceholders(json.writeValueAsBytes(entry), Map.of(delivered.get("id").asString(), "<id>")));
		// nor does the database's payload hold the secret
		for (String payload : this.jdbc.sql("SELECT payload FROM webhook_deliveries").query(String.class).list()) {
			assertThat(payload).doesNotContain(SECRET);
		}
		assertThat(this.meterRegistry.get("codex_lb_webhook_pending").gauge().value()).isNotNegative();
	}

	@Test
	void deliveriesShouldPageNewestFirstAndFilterByStatus() {
		// two batches, two webhooks each: pages whatever ran before
		changeTheCatalog("paging", "wh-paging");
		changeTheCatalog("paging-more", "wh-paging-more");
		List<String> ids = new ArrayList<>();
		body(http().get("/api/webhooks/deliveries?limit=500", adminKey())).get("data")
			.forEach((delivery) -> ids.add(delivery.get("id").asString()));
		assertThat(ids).hasSizeGreaterThanOrEqualTo(3);
		JsonNode first = body(http().get("/api/webhooks/deliveries?limit=2", adminKey()));
		assertThat(first.get("has_more").asBoolean()).isTrue();
		assertThat(first.get("last_id").asString()).isEqualTo(ids.get(1));
		JsonNode second = body(
				http().get("/api/webhooks/deliveries?limit=2&after=" + first.get("last_id").asString(), adminKey()));
		assertThat(second.get("data").get(0).get("id").asString()).isEqualTo(ids.get(2));
		List<String> all = new ArrayList<>();
		String after = "";
		do {
			JsonNode page = body(http().get("/api/webhooks/deliveries?limit=1&after=" + after, adminKey()));
			page.get("data").forEach((delivery) -> all.add(delivery.get("id").asString()));
			after = page.get("has_more").asBoolean() ? page.get("last_id").asString() : null;
		}
		while (after != null);
		assertThat(all).isEqualTo(ids);
		body(http().get("/api/webhooks/deliveries?status=pending&limit=500", adminKey())).get("data")
			.forEach((delivery) -> assertThat(delivery.get("status").asString()).isEqualTo("pending"));
		assertBadParameter("limit=0", "limit");
		assertBadParameter("limit=1001", "limit");
		assertBadParameter("after=no-such-delivery", "after");
		assertBadParameter("status=lost", "status");
	}

	@Test
	void pruneShouldRemoveTheDoneDeliveriesPastTheRetentionOnceADay() {
		// the start's prune takes the day's lock: as if that day were over
		await().atMost(Duration.ofMinutes(2))
			.until(() -> this.jdbc.sql("SELECT COUNT(*) FROM shedlock WHERE name = ?")
				.param(WebhookRetention.RETENTION_LOCK)
				.query(Long.class)
				.single() == 1);
		this.jdbc.sql("UPDATE shedlock SET lock_until = ? WHERE name = ?")
			.params(LocalDateTime.of(2000, 1, 1, 0, 0), WebhookRetention.RETENTION_LOCK)
			.update();
		Instant now = this.clock.instant();
		// far in the future, so that the sender leaves the pending one alone
		insertDelivery("old-delivered", "delivered", now.minus(Duration.ofDays(31)));
		insertDelivery("old-failed", "failed", now.minus(Duration.ofDays(31)));
		insertDelivery("old-pending", "pending", now.minus(Duration.ofDays(31)));
		insertDelivery("recent-delivered", "delivered", now.minus(Duration.ofDays(29)));
		assertThat(this.retention.pruneOnceADay()).isEqualTo(2);
		assertThat(this.jdbc
			.sql("SELECT id FROM webhook_deliveries WHERE id IN "
					+ "('old-delivered', 'old-failed', 'old-pending', 'recent-delivered')")
			.query(String.class)
			.list()).containsExactlyInAnyOrder("old-pending", "recent-delivered");
		assertThat(this.retention.pruneOnceADay()).as("done today").isEqualTo(-1);
		this.jdbc.sql("DELETE FROM webhook_deliveries WHERE id IN ('old-pending', 'recent-delivered')").update();
	}

	private void insertDelivery(String id, String status, Instant createdAt) {
		this.jdbc
			.sql("INSERT INTO webhook_deliveries (id, webhook_url, event, snapshot_version, payload, status, attempts, "
					+ "next_attempt_at, created_at) VALUES (?, 'http://127.0.0.1:9/gone', 'catalog.changes', 0, '{}', "
					+ "?, 0, ?, ?)")
			.params(id, status, createdAt.plus(Duration.ofDays(3650)).atOffset(ZoneOffset.UTC),
					createdAt.atOffset(ZoneOffset.UTC))
			.update();
	}

	private void assertBadParameter(String query, String param) {
		HttpResponse<byte[]> response = http().get("/api/webhooks/deliveries?" + query, adminKey());
		assertThat(response.statusCode()).as(query).isEqualTo(400);
		assertThat(ErrorEnvelopes.assertEnvelope(response.headers().map(), response.body()).get("param").asString())
			.as(query)
			.isEqualTo(param);
	}

	/**
	 * Adds an account whose list has a new model and refreshes the catalog.
	 * @return the version of the new snapshot
	 */
	private long changeTheCatalog(String tag, String model) {
		Login login = login(tag);
		upstream.models(login.accessToken(), UpstreamStandIn.json(200, models(entry(model, 1, "New"))));
		add(login);
		return refresh().get("version").asLong();
	}

	private JsonNode delivery(long version, String path) {
		for (JsonNode delivery : body(http().get("/api/webhooks/deliveries?limit=500", adminKey())).get("data")) {
			if (delivery.get("snapshot_version").asLong() == version
					&& delivery.get("webhook_url").asString().endsWith(path)) {
				return delivery;
			}
		}
		throw new AssertionError("no delivery of version " + version + " to " + path);
	}

	private static List<LoggedRequest> requestsFor(String deliveryId) {
		return receiver.findAll(postRequestedFor(anyUrl()))
			.stream()
			.filter((request) -> deliveryId.equals(request.getHeader("X-Codex-LB-Delivery")))
			.toList();
	}

	private double outcome(String outcome) {
		return this.meterRegistry.get("codex_lb_webhook_deliveries").tag("outcome", outcome).counter().count();
	}

	static String hmac(byte[] body, String secret) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return HexFormat.of().formatHex(mac.doFinal(body));
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
