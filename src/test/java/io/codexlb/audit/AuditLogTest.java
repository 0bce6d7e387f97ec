package io.codexlb.audit;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.codexlb.support.ErrorEnvelopes;
import io.codexlb.support.Golden;
import io.codexlb.support.Secrets;
import io.codexlb.support.UpstreamServerTestSupport;
import io.codexlb.support.UpstreamStandIn;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The audit log end to end: one entry for every kind of admin write, made by the admin
 * key from the client's address, with the fields it set and never a secret; none for a
 * write that was refused; pages newest first.
 */
class AuditLogTest extends UpstreamServerTestSupport {

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private MeterRegistry meterRegistry;

	@Autowired
	private AuditLog auditLog;

	@Test
	void everyKindOfAdminWriteShouldHaveOneEntryWithItsFieldsAndNoSecret() {
		double writtenBefore = written();
		JsonNode bootstrap = entries("?action=api_key.bootstrap").get(0);
		assertThat(bootstrap.get("actor_type").asString()).isEqualTo("system");
		assertThat(bootstrap.get("actor_id").isNull()).isTrue();
		assertThat(bootstrap.get("client_address").isNull()).isTrue();

		HttpResponse<byte[]> created = http().json("POST", "/api/api-keys", adminKey(),
				"{\"name\":\"audited-" + UUID.randomUUID() + "\",\"allowed_models\":[\"gpt-test-mini\"]}");
		String keyId = body(created).get("id").asString();
		patch("/api/api-keys/" + keyId, "{\"is_active\":false,\"rate_limit\":{\"requests_per_minute\":7}}");
		assertThat(http().json("POST", "/api/api-keys/" + keyId + "/regenerate", adminKey(), "").statusCode())
			.isEqualTo(200);
		delete("/api/api-keys/" + keyId);

		Login login = login("audited");
		upstream.models(login.accessToken(), UpstreamStandIn.json(200, models()));
		String accountId = add(login);
		assertThat(http().json("POST", "/api/accounts", adminKey(), login.authJson()).statusCode()).isEqualTo(200);
		patch("/api/accounts/" + accountId, "{\"name\":\"renamed\"}");
		delete("/api/accounts/" + accountId);
		refresh();

		List<JsonNode> keyEntries = entries("?target_id=" + keyId);
		assertThat(keyEntries).extracting((entry) -> entry.get("action").asString())
			.containsExactly("api_key.delete", "api_key.regenerate", "api_key.update", "api_key.create");
		JsonNode create = keyEntries.get(3);
		assertThat(create.get("actor_type").asString()).isEqualTo("api_key");
		assertThat(create.get("actor_key_prefix").asString()).isEqualTo(adminKey().substring(0, 12));
		assertThat(create.get("client_address").asString()).isEqualTo("127.0.0.1");
		assertThat(create.get("request_id").asString())
			.isEqualTo(created.headers().firstValue("X-Request-Id").orElseThrow());
		assertThat(create.get("changes").toString())
			.contains("{\"field\":\"allowed_models\",\"value\":[\"gpt-test-mini\"]}")
			.contains("{\"field\":\"key\",\"secret\":true}");
		assertThat(keyEntries.get(1).get("changes").toString()).matches(
				"\\[\\{\"field\":\"key_prefix\",\"value\":\"sk-clb-.{5}\"},\\{\"field\":\"key\",\"secret\":true}]");
		assertThat(keyEntries.get(2).get("changes").toString()).isEqualTo("[{\"field\":\"is_active\",\"value\":false},"
				+ "{\"field\":\"rate_limit\",\"value\":{\"requests_per_minute\":7,\"requests_per_day\":null}}]");
		assertThat(entries("?target_id=" + accountId)).extracting((entry) -> entry.get("action").asString())
			.containsExactly("account.delete", "account.update", "account.re_add", "account.add");
		assertThat(entries("?target_id=" + accountId).get(2).get("changes").toString())
			.contains("{\"field\":\"status\",\"value\":\"active\"}")
			.contains("{\"field\":\"tokens\",\"secret\":true}");
		assertThat(entries("?target_id=" + accountId).get(3).get("changes").toString())
			.contains("{\"field\":\"tokens\",\"secret\":true}")
			.contains("{\"field\":\"email\",\"value\":\"audited@example.com\"}");
		assertThat(entries("?action=catalog.refresh")).isNotEmpty();
		assertThat(written() - writtenBefore).isEqualTo(9);

		// the leak detection reads every row, as stored
		for (Map<String, Object> row : this.jdbc.queryForList("SELECT * FROM audit_log")) {
			Secrets.check(row.toString(), "audit row");
		}
		assertThat(this.jdbc.queryForList("SELECT changes FROM audit_log", String.class))
			.noneMatch((changes) -> changes.contains(login.refreshToken()) || changes.contains(login.accessToken()));
	}

	@Test
	void refusedWritesShouldLeaveNoEntry() {
		String name = "taken-" + UUID.randomUUID();
		JsonNode key = createKey("{\"name\":\"" + name + "\"}");
		String newest = entries("?limit=1").get(0).get("id").asString();
		assertThat(entries("?limit=1").get(0).get("target_id").asString()).isEqualTo(key.get("id").asString());
		assertThat(http().json("POST", "/api/api-keys", adminKey(), "{\"name\":\"" + name + "\"}").statusCode())
			.isEqualTo(400);
		assertThat(http().json("POST", "/api/api-keys", adminKey(), "{\"name\":42}").statusCode()).isEqualTo(400);
		assertThat(http().json("PATCH", "/api/api-keys/no-such-key", adminKey(), "{\"name\":\"x\"}").statusCode())
			.isEqualTo(404);
		assertThat(http().json("PATCH", "/api/api-keys/" + key.get("id").asString(), adminKey(), "{\"admin\":true}")
			.statusCode()).isEqualTo(400);
		assertThat(http().json("DELETE", "/api/api-keys/no-such-key", adminKey(), "").statusCode()).isEqualTo(404);
		assertThat(http().json("POST", "/api/api-keys/no-such-key/regenerate", adminKey(), "").statusCode())
			.isEqualTo(404);
		assertThat(http().json("PATCH", "/api/accounts/no-such-account", adminKey(), "{\"name\":\"x\"}").statusCode())
			.isEqualTo(404);
		assertThat(http().json("POST", "/api/api-keys", key.get("key").asString(), "{\"name\":\"not-admin\"}")
			.statusCode()).isEqualTo(403);
		assertThat(entries("?limit=1").get(0).get("id").asString()).as("no entry since the key's").isEqualTo(newest);
	}

	@Test
	void pagesShouldRunNewestFirstWithoutGapsOrRepeats() {
		List<String> created = new ArrayList<>();
		for (int i = 0; i < 7; i++) {
			created.add(0, createKey("{\"name\":\"paged-" + i + "-" + UUID.randomUUID() + "\"}").get("id").asString());
		}
		List<String> seen = new ArrayList<>();
		String after = null;
		boolean more = true;
		while (more) {
			JsonNode page = body(http().get(
					"/api/audit-log?action=api_key.create&limit=3" + ((after != null) ? "&after=" + after : ""),
					adminKey()));
			assertThat(page.get("data").size()).isLessThanOrEqualTo(3);
			page.get("data").forEach((entry) -> seen.add(entry.get("target_id").asString()));
			more = page.get("has_more").asBoolean();
			after = page.get("last_id").asString();
		}
		assertThat(seen).doesNotHaveDuplicates();
		assertThat(body(http().get("/api/audit-log?limit=&action=&after=" + Long.MAX_VALUE, adminKey())).get("data"))
			.as("empty parameters are left out, and ids are longs")
			.isNotEmpty();
		assertThat(seen.subList(0, 7)).isEqualTo(created);
		for (String[] query : new String[][] { { "limit=0", "limit" }, { "limit=1001", "limit" },
				{ "limit=ten", "limit" }, { "after=x", "after" }, { "after=-1", "after" } }) {
			HttpResponse<byte[]> response = http().get("/api/audit-log?" + query[0], adminKey());
			assertThat(response.statusCode()).as(query[0]).isEqualTo(400);
			assertThat(ErrorEnvelopes.assertEnvelope(response.headers().map(), response.body()).get("param").asString())
				.isEqualTo(query[1]);
		}
	}

	@Test
	void entryShouldMatchGolden() {
		JsonNode key = createKey("{\"name\":\"golden-audit\"}");
		String id = key.get("id").asString();
		HttpResponse<byte[]> patched = http().json("PATCH", "/api/api-keys/" + id, adminKey(),
				"{\"name\":\"golden-audited\",\"allowed_models\":[\"gpt-test-pro\",\"gpt-test-mini\"],"
						+ "\"expires_at\":\"2030-01-31T00:00:00Z\"}");
		assertThat(patched.statusCode()).isEqualTo(200);
		JsonNode page = body(http().get("/api/audit-log?limit=1&target_id=" + id, adminKey()));
		JsonNode entry = page.get("data").get(0);
		Golden.assertMatches("audit-entry.json",
				Golden.withPlaceholders(entry.toString().getBytes(),
						Map.of(entry.get("id").asString(), "<id>", id, "<key id>", entry.get("actor_id").asString(),
								"<admin key id>", adminKey().substring(0, 12), "<admin key prefix>",
								patched.headers().firstValue("X-Request-Id").orElseThrow(), "<request id>")));
	}

	@Test
	void pruneShouldRemoveTheEntriesPastTheRetentionOnceADay() {
		// the start's prune takes the day's lock: as if that day were over
		await().atMost(Duration.ofMinutes(2))
			.until(() -> this.jdbc.queryForObject("SELECT COUNT(*) FROM shedlock WHERE name = ?", Integer.class,
					AuditLog.RETENTION_LOCK) == 1);
		this.jdbc.update("UPDATE shedlock SET lock_until = ? WHERE name = ?", LocalDateTime.of(2000, 1, 1, 0, 0),
				AuditLog.RETENTION_LOCK);
		Instant now = this.clock.instant();
		insertEntry(now.minus(Duration.ofDays(366)), "old-target");
		insertEntry(now.minus(Duration.ofDays(364)), "kept-target");
		assertThat(this.auditLog.pruneOnceADay()).isEqualTo(1);
		assertThat(entries("?target_id=old-target")).isEmpty();
		assertThat(entries("?target_id=kept-target")).hasSize(1);
		insertEntry(now.minus(Duration.ofDays(400)), "old-target");
		assertThat(this.auditLog.pruneOnceADay()).as("done today").isEqualTo(-1);
		assertThat(entries("?target_id=old-target")).hasSize(1);
	}

	private void insertEntry(Instant occurredAt, String targetId) {
		this.jdbc.update(
				"INSERT INTO audit_log (occurred_at, actor_type, action, target_type, target_id, changes) "
						+ "VALUES (?, 'system', 'api_key.delete', 'api_key', ?, '[]')",
				occurredAt.atOffset(ZoneOffset.UTC), targetId);
	}

	private void patch(String path, String body) {
		HttpResponse<byte[]> response = http().json("PATCH", path, adminKey(), body);
		assertThat(response.statusCode()).as(new String(response.body())).isEqualTo(200);
	}

	private void delete(String path) {
		assertThat(http().json("DELETE", path, adminKey(), "").statusCode()).isEqualTo(200);
	}

	private List<JsonNode> entries(String query) {
		HttpResponse<byte[]> response = http().get("/api/audit-log" + query, adminKey());
		assertThat(response.statusCode()).as(new String(response.body())).isEqualTo(200);
		List<JsonNode> entries = new ArrayList<>();
		body(response).get("data").forEach(entries::add);
		return entries;
	}

	private double written() {
		return this.meterRegistry.get("codex_lb_audit_rows_written").counter().count();
	}

}
