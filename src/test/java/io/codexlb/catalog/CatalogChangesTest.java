package io.codexlb.catalog;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.codexlb.support.ErrorEnvelopes;
import io.codexlb.support.Golden;
import io.codexlb.support.MutableClock;
import io.codexlb.support.UpstreamServerTestSupport;
import io.codexlb.support.UpstreamStandIn;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The catalog's change history end to end, against the upstream stand-in: a refresh that
 * changes the merged catalog records one event per model added, removed or changed, and
 * one per account whose list changed; a refresh that changes nothing records nothing.
 */
class CatalogChangesTest extends UpstreamServerTestSupport {

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private CatalogChangeLog changeLog;

	@Test
	void refreshWhenOneModelAddedOneDroppedAndOneChangedShouldRecordExactlyThoseThreeModelEvents() {
		Login login = login("changes");
		upstream.models(login.accessToken(), UpstreamStandIn.json(200, models(entry("ch-keep", 1, "Kept", 1000),
				entry("ch-drop", 2, "Dropped", 1000), entry("ch-change", 3, "Changed", 100000))));
		String accountId = add(login);
		refresh();
		long before = newestId();

		upstream.models(login.accessToken(), UpstreamStandIn.json(200, models(entry("ch-keep", 1, "Kept", 1000),
				entry("ch-change", 3, "Changed", 200000), entry("ch-new", 4, "New", 1000))));
		long version = refresh().get("version").asLong();
		List<JsonNode> changes = changesAfter(before);
		List<JsonNode> modelEvents = changes.stream()
			.filter((change) -> change.get("event").asString().startsWith("model_"))
			.toList();
		assertThat(modelEvents)
			.extracting((change) -> change.get("event").asString() + " " + change.get("model_id").asString())
			.containsExactlyInAnyOrder("model_added ch-new", "model_removed ch-drop", "model_changed ch-change");
		for (JsonNode change : changes) {
			assertThat(change.get("snapshot_version").asLong()).isEqualTo(version);
			assertThat(change.get("occurred_at").asString()).isEqualTo(MutableClock.START.toString());
			assertThat(change.get("object").asString()).isEqualTo("catalog.change");
		}
		JsonNode changed = event(changes, "model_changed");
		assertThat(changed.get("changes").toString()).isEqualTo("{\"context_window\":{\"old\":100000,\"new\":200000}}");
		assertThat(changed.get("accounts").toString()).isEqualTo("[\"" + accountId + "\"]");
		assertThat(changed.get("account_id").isNull()).isTrue();
		assertThat(event(changes, "model_added").get("changes").isNull()).isTrue();
		assertThat(event(changes, "model_added").get("accounts").toString()).isEqualTo("[\"" + accountId + "\"]");
		assertThat(event(changes, "model_removed").get("accounts").toString()).isEqualTo("[\"" + accountId + "\"]");
		// the account's own list gained one model and lost one
		JsonNode account = event(changes, "account_models_changed");
		assertThat(account.get("account_id").asString()).isEqualTo(accountId);
		assertThat(account.get("model_id").isNull()).isTrue();
		assertThat(account.get("changes").toString()).isEqualTo("{\"gained\":[\"ch-new\"],\"lost\":[\"ch-drop\"]}");
		assertThat(account.get("accounts").toString()).isEqualTo("[]");
		assertThat(changes).hasSize(4);

		// the same list again: no snapshot, no change
		long unchanged = newestId();
		assertThat(refresh().get("version").asLong()).isEqualTo(version);
		assertThat(changesAfter(unchanged)).isEmpty();
	}

	@Test
	void firstListOfAnAccountShouldGainAllItsModelsAndTheStepFromTheBootstrapCatalogBeRecorded() {
		long before = newestId();
		Login login = login("first-list");
		upstream.models(login.accessToken(),
				UpstreamStandIn.json(200, models(entry("ch-one", 1, "One", 1000), entry("ch-two", 2, "Two", 1000))));
		String accountId = add(login);
		refresh();
		List<JsonNode> changes = changesAfter(before);
		assertThat(event(changes, "account_models_changed").get("changes").toString())
			.isEqualTo("{\"gained\":[\"ch-one\",\"ch-two\"],\"lost\":[]}");
		assertThat(changes).filteredOn((change) -> change.get("event").asString().equals("model_added"))
			.extracting((change) -> change.get("model_id").asString())
			.containsExactlyInAnyOrder("ch-one", "ch-two");
		// the bootstrap catalog's models, which clients saw, are gone
		assertThat(changes).filteredOn((change) -> change.get("event").asString().equals("model_removed"))
			.isNotEmpty()
			.allSatisfy((change) -> assertThat(change.get("accounts").toString()).isEqualTo("[]"));
		assertThat(event(changes, "account_models_changed").get("account_id").asString()).isEqualTo(accountId);
	}

	@Test
	void changeEventShouldMatchGolden() {
		Login login = login("golden-change");
		upstream.models(login.accessToken(), UpstreamStandIn.json(200, models(entry("ch-golden", 1, "Before", 1000))));
		String accountId = add(login);
		refresh();
		long before = newestId();
		upstream.models(login.accessToken(), UpstreamStandIn.json(200, models(entry("ch-golden", 1, "After", 2000))));
		refresh();
		HttpResponse<byte[]> response = http().get("/api/catalog/changes?limit=1", adminKey());
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode page = body(response);
		JsonNode change = page.get("data").get(0);
		assertThat(change.get("id").asLong()).isGreaterThan(before);
		assertThat(change.get("snapshot_version").asLong()).isPositive();
		// the version depends on the tests that ran before in this context
		((ObjectNode) change).put("snapshot_version", "<version>");
		Golden.assertMatches("catalog-change.json", Golden.withPlaceholders(json.writeValueAsBytes(change),
				Map.of(change.get("id").asString(), "<id>", accountId, "<account id>")));
	}

	@Test
	void changesShouldPageNewestFirstAndFilterBySince() {
		Login login = login("paging");
		upstream.models(login.accessToken(), UpstreamStandIn.json(200,
				models(entry("ch-p1", 1, "P1", 1000), entry("ch-p2", 2, "P2", 1000), entry("ch-p3", 3, "P3", 1000))));
		add(login);
		refresh();
		List<String> all = new ArrayList<>();
		body(http().get("/api/catalog/changes?limit=500", adminKey())).get("data")
			.forEach((change) -> all.add(change.get("id").asString()));
		assertThat(all).hasSizeGreaterThanOrEqualTo(4);
		assertThat(all).isSortedAccordingTo((one, two) -> Long.compare(Long.parseLong(two), Long.parseLong(one)));
		JsonNode first = body(http().get("/api/catalog/changes?limit=2", adminKey()));
		assertThat(first.get("object").asString()).isEqualTo("list");
		assertThat(first.get("has_more").asBoolean()).isTrue();
		assertThat(first.get("first_id").asString()).isEqualTo(all.get(0));
		assertThat(first.get("last_id").asString()).isEqualTo(all.get(1));
		JsonNode second = body(
				http().get("/api/catalog/changes?limit=2&after=" + first.get("last_id").asString(), adminKey()));
		assertThat(second.get("data").get(0).get("id").asString()).isEqualTo(all.get(2));
		// blanks are absent parameters
		assertThat(body(http().get("/api/catalog/changes?limit=&after=&since=", adminKey())).get("data").size())
			.isEqualTo(Math.min(all.size(), 100));
		assertThat(body(http().get("/api/catalog/changes?since=" + MutableClock.START, adminKey())).get("data"))
			.isNotEmpty();
		// the last instant stored: no test of the shared data folder moves the clock that
		// far
		JsonNode later = body(http().get("/api/catalog/changes?since=9999-12-31T23:59:59Z", adminKey()));
		assertThat(later.get("data")).isEmpty();
		assertThat(later.get("has_more").asBoolean()).isFalse();
		assertThat(later.get("last_id").isNull()).isTrue();
	}

	@Test
	void changesWhenAParameterIsBadShouldAnswer400NamingIt() {
		assertBadParameter("limit=0", "limit");
		assertBadParameter("limit=1001", "limit");
		assertBadParameter("limit=ten", "limit");
		assertBadParameter("after=0", "after");
		assertBadParameter("after=x", "after");
		assertBadParameter("since=yesterday", "since");
		assertBadParameter("since=2026-01-15", "since");
		assertBadParameter("since=1969-12-31T23:59:59Z", "since");
		assertBadParameter("since=%2B1000000000-01-01T00:00:00Z", "since");
	}

	@Test
	void pruneShouldRemoveTheChangesPastTheRetentionOnceADay() {
		// the start's prune takes the day's lock: as if that day were over
		await().atMost(Duration.ofMinutes(2))
			.until(() -> this.jdbc.sql("SELECT COUNT(*) FROM shedlock WHERE name = ?")
				.param(CatalogChangeLog.RETENTION_LOCK)
				.query(Long.class)
				.single() == 1);
		this.jdbc.sql("UPDATE shedlock SET lock_until = ? WHERE name = ?")
			.params(LocalDateTime.of(2000, 1, 1, 0, 0), CatalogChangeLog.RETENTION_LOCK)
			.update();
		Instant now = this.clock.instant();
		insertChange("ch-old", now.minus(Duration.ofDays(91)));
		insertChange("ch-recent", now.minus(Duration.ofDays(89)));
		assertThat(this.changeLog.pruneOnceADay()).isEqualTo(1);
		assertThat(this.jdbc.sql("SELECT model_id FROM catalog_changes WHERE model_id IN ('ch-old', 'ch-recent')")
			.query(String.class)
			.list()).containsExactly("ch-recent");
		insertChange("ch-old", now.minus(Duration.ofDays(100)));
		assertThat(this.changeLog.pruneOnceADay()).as("done today").isEqualTo(-1);
		this.jdbc.sql("DELETE FROM catalog_changes WHERE model_id IN ('ch-old', 'ch-recent')").update();
	}

	private void insertChange(String modelId, Instant occurredAt) {
		this.jdbc
			.sql("INSERT INTO catalog_changes (occurred_at, snapshot_version, event, model_id, accounts) "
					+ "VALUES (?, 0, 'model_added', ?, '[]')")
			.params(occurredAt.atOffset(ZoneOffset.UTC), modelId)
			.update();
	}

	private void assertBadParameter(String query, String param) {
		HttpResponse<byte[]> response = http().get("/api/catalog/changes?" + query, adminKey());
		assertThat(response.statusCode()).as(query).isEqualTo(400);
		JsonNode error = ErrorEnvelopes.assertEnvelope(response.headers().map(), response.body());
		assertThat(error.get("param").asString()).as(query).isEqualTo(param);
		assertThat(error.get("type").asString()).isEqualTo("invalid_request_error");
	}

	private long newestId() {
		JsonNode data = body(http().get("/api/catalog/changes?limit=1", adminKey())).get("data");
		return data.isEmpty() ? 0 : data.get(0).get("id").asLong();
	}

	private List<JsonNode> changesAfter(long id) {
		List<JsonNode> changes = new ArrayList<>();
		body(http().get("/api/catalog/changes?limit=500", adminKey())).get("data").forEach((change) -> {
			if (change.get("id").asLong() > id) {
				changes.add(change);
			}
		});
		return changes;
	}

	private static JsonNode event(List<JsonNode> changes, String event) {
		return changes.stream()
			.filter((change) -> change.get("event").asString().equals(event))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no " + event + " in " + changes));
	}

	private static String entry(String slug, int priority, String description, int contextWindow) {
		return """
				{"slug":"%s","display_name":"%s","description":"%s","priority":%d,"visibility":"list",
				 "supported_in_api":true,"shell_type":"default","created":1750000000,"context_window":%d,
				 "truncation_policy":{"mode":"tokens","limit":10000},"experimental_supported_tools":[],
				 "supported_reasoning_levels":[],"support_verbosity":false,"base_instructions":""}
				""".formatted(slug, slug.toUpperCase(), description, priority, contextWindow);
	}

}
