package io.codexlb.usage;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.codexlb.CodexLbApplication;
import io.codexlb.support.Http;
import io.codexlb.support.Postgres;
import io.codexlb.support.ServiceArguments;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import redis.embedded.RedisServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Usage across replicas and restarts: two instances sharing one real PostgreSQL (and one
 * Redis for the buckets) count every request exactly once between them, and the counts of
 * an instance that stops gracefully are written before it is gone.
 */
class UsageReplicasTest {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final String ADMIN_KEY = "sk-clb-" + "u".repeat(43);

	@TempDir(cleanup = CleanupMode.ON_SUCCESS)
	Path workDir;

	private final List<ConfigurableApplicationContext> instances = new ArrayList<>();

	private RedisServer redis;

	@AfterEach
	void stop() throws IOException {
		this.instances.forEach(ConfigurableApplicationContext::close);
		if (this.redis != null) {
			this.redis.stop();
		}
	}

	@Test
	void requestsSplitOverTwoInstancesShouldAllBeCountedWithTheirOutcomes() throws IOException {
		int redisPort = Http.freePort();
		this.redis = RedisServer.newRedisServer().bind("127.0.0.1").port(redisPort).build();
		this.redis.start();
		String database = Postgres.freshDatabase();
		String redisUrl = "redis://127.0.0.1:" + redisPort;
		ConfigurableApplicationContext a = start(database, "a", redisUrl);
		ConfigurableApplicationContext b = start(database, "b", redisUrl);
		JsonNode limited = create(a, "{\"name\":\"limited-" + UUID.randomUUID()
				+ "\",\"rate_limit\":{\"requests_per_minute\":5,\"requests_per_day\":5}}");
		JsonNode busy = create(a,
				"{\"name\":\"busy-" + UUID.randomUUID() + "\",\"rate_limit\":{\"requests_per_minute\":100000}}");
		List<Integer> statuses = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			statuses.add(Http.of((i % 2 == 0) ? a : b).get("/v1/models", limited.get("key").asString()).statusCode());
		}
		// the quota of the day turns them away, and of the minute, which refills one
		// token every 12 s of the real clock
		assertThat(statuses).as("one shared bucket").containsExactly(200, 200, 200, 200, 200, 429, 429, 429);
		int requests = 150;
		for (int i = 0; i < requests; i++) {
			assertThat(Http.of((i % 3 == 0) ? a : b).get("/v1/models", busy.get("key").asString()).statusCode())
				.isEqualTo(200);
		}
		a.getBean(UsageFlusher.class).flush();
		b.getBean(UsageFlusher.class).flush();
		JsonNode limitedTotals = usage(b, limited.get("id").asString());
		assertThat(limitedTotals.get("ok").asLong()).isEqualTo(5);
		assertThat(limitedTotals.get("rate_limited").asLong()).isEqualTo(3);
		assertThat(limitedTotals.get("total").asLong()).isEqualTo(8);
		assertThat(usage(a, busy.get("id").asString()).get("ok").asLong()).isEqualTo(requests);
		JsonNode instance = json.readTree(Http.of(a).get("/api/usage", ADMIN_KEY).body());
		assertThat(instance.get("totals").get("total").asLong()).isEqualTo(requests + 8);
	}

	@Test
	void countsShouldSurviveAGracefulRestart() {
		String database = Postgres.freshDatabase();
		ConfigurableApplicationContext first = start(database, "a", null);
		JsonNode key = create(first, "{\"name\":\"restarted-" + UUID.randomUUID() + "\"}");
		for (int i = 0; i < 7; i++) {
			assertThat(Http.of(first).get("/v1/models", key.get("key").asString()).statusCode()).isEqualTo(200);
		}
		// no flush by hand: the stop writes what it counted
		first.close();
		this.instances.remove(first);
		ConfigurableApplicationContext second = start(database, "a", null);
		assertThat(usage(second, key.get("id").asString()).get("ok").asLong()).isEqualTo(7);
	}

	private static JsonNode create(ConfigurableApplicationContext instance, String body) {
		HttpResponse<byte[]> created = Http.of(instance).json("POST", "/api/api-keys", ADMIN_KEY, body);
		assertThat(created.statusCode()).isEqualTo(201);
		return json.readTree(created.body());
	}

	private static JsonNode usage(ConfigurableApplicationContext instance, String keyId) {
		HttpResponse<byte[]> usage = Http.of(instance).get("/api/api-keys/" + keyId + "/usage", ADMIN_KEY);
		assertThat(usage.statusCode()).isEqualTo(200);
		return json.readTree(usage.body()).get("totals");
	}

	private ConfigurableApplicationContext start(String database, String name, String redisUrl) {
		ServiceArguments arguments = ServiceArguments.onLoopback()
			.noUpstream()
			.dataDir(this.workDir.resolve(name))
			.postgres(database)
			.with("codex-lb.admin-key", ADMIN_KEY)
			// the flushes of this test are its own, or the stop's
			.with("codex-lb.usage.flush-interval", "1h");
		if (redisUrl != null) {
			arguments.with("codex-lb.rate-limit.store", "redis")
				.with("codex-lb.rate-limit.redis-url", redisUrl)
				// a loaded machine makes Redis slow, not failed: fail-closed must not
				// answer
				.with("codex-lb.rate-limit.redis-timeout", "30s")
				.with("codex-lb.rate-limit.failure-mode", "fail-closed");
		}
		ConfigurableApplicationContext context = new SpringApplicationBuilder(CodexLbApplication.class)
			.run(arguments.toArray());
		this.instances.add(context);
		return context;
	}

}
