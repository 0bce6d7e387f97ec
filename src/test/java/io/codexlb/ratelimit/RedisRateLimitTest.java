package io.codexlb.ratelimit;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.codexlb.CodexLbApplication;
import io.codexlb.support.Http;
import io.codexlb.support.MutableClock;
import io.codexlb.support.ServiceArguments;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import redis.embedded.RedisServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two service instances sharing a real Redis server on loopback (and one H2 database):
 * one quota for both, keys that expire, and each failure mode while Redis is absent,
 * stopped or frozen.
 */
class RedisRateLimitTest {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final String ADMIN_KEY = "sk-clb-" + "r".repeat(43);

	@TempDir(cleanup = CleanupMode.ON_SUCCESS)
	Path workDir;

	private final int redisPort = Http.freePort();

	private final List<ConfigurableApplicationContext> instances = new ArrayList<>();

	private RedisServer redis;

	@AfterEach
	void stopEverything() throws IOException {
		this.instances.forEach(ConfigurableApplicationContext::close);
		if (this.redis != null && this.redis.isActive()) {
			this.redis.stop();
		}
	}

	@Test
	void twoInstancesShouldShareOneQuotaAndSurviveRedisAbsentStoppedAndFrozen() throws Exception {
		ConfigurableApplicationContext a = start("local-fallback");
		ConfigurableApplicationContext b = start("local-fallback");

		// Redis absent at start: each replica limits on its own, quickly, and says so
		for (int i = 0; i < 5; i++) {
			HttpResponse<byte[]> response = Http.of(a).get("/v1/models", ADMIN_KEY);
			// no 5xx in local-fallback
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.headers().firstValue("x-ratelimit-remaining-requests")).isPresent();
		}
		assertThat(health(a)).isEqualTo("DEGRADED");

		startRedis();
		awaitShared(a);
		awaitShared(b);

		String key = createKey(a, 20);
		int admitted = 0;
		for (int i = 0; i < 30; i++) {
			HttpResponse<byte[]> response = Http.of(i % 2 == 0 ? a : b).get("/backend-api/codex/models", key);
			assertThat(response.statusCode()).isIn(200, 429);
			admitted += (response.statusCode() == 200) ? 1 : 0;
		}
		assertThat(admitted).as("admitted by two instances sharing one 20/min bucket").isEqualTo(20);

		try (RedisClient client = RedisClient.create("redis://127.0.0.1:" + this.redisPort);
				StatefulRedisConnection<String, String> connection = client.connect()) {
			RedisCommands<String, String> commands = connection.sync();
			List<String> bucketKeys = commands.keys("codex-lb:rate-limit:*");
			assertThat(bucketKeys).isNotEmpty();
			for (String bucketKey : bucketKeys) {
				assertThat(commands.pttl(bucketKey)).as("TTL of %s", bucketKey).isPositive();
			}

			// Redis frozen (longer than the timeouts of the requests before the breaker
			// opens): every request answered, none fails
			commands.clientPause(10_000);
			for (int i = 0; i < 10; i++) {
				assertThat(Http.of(a).get("/v1/models", ADMIN_KEY).statusCode()).isEqualTo(200);
			}
			assertThat(health(a)).isEqualTo("DEGRADED");
		}
		awaitShared(a);

		// Redis stopped mid-run, then back
		this.redis.stop();
		for (int i = 0; i < 10; i++) {
			assertThat(Http.of(b).get("/v1/models", ADMIN_KEY).statusCode()).isEqualTo(200);
		}
		assertThat(health(b)).isEqualTo("DEGRADED");
		startRedis();
		awaitShared(b);
		// a restarted Redis has no buckets: shared limiting starts over, again one quota
		// for both
		String another = createKey(b, 5);
		int admittedAfterRestart = 0;
		for (int i = 0; i < 10; i++) {
			admittedAfterRestart += (Http.of(i % 2 == 0 ? a : b).get("/v1/models", another).statusCode() == 200) ? 1
					: 0;
		}
		assertThat(admittedAfterRestart).isEqualTo(5);
	}

	@Test
	void failOpenShouldAdmitWithoutHeadersAndFailClosedShouldAnswer503() {
		ConfigurableApplicationContext open = start("fail-open");
		ConfigurableApplicationContext closed = start("fail-closed");
		for (int i = 0; i < 3; i++) {
			HttpResponse<byte[]> admitted = Http.of(open).get("/v1/models", ADMIN_KEY);
			assertThat(admitted.statusCode()).isEqualTo(200);
			assertThat(admitted.headers().firstValue("RateLimit")).isEmpty();
			assertThat(admitted.headers().firstValue("x-ratelimit-remaining-requests")).isEmpty();
			HttpResponse<byte[]> refused = Http.of(closed).get("/v1/models", ADMIN_KEY);
			assertThat(refused.statusCode()).isEqualTo(503);
			assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
			JsonNode error = json.readTree(refused.body()).get("error");
			assertThat(error.get("type").asString()).isEqualTo("service_unavailable");
			assertThat(error.get("code").asString()).isEqualTo("service_unavailable");
		}
		assertThat(health(open)).isEqualTo("DEGRADED");
		assertThat(Http.of(closed).get("/api/api-keys", ADMIN_KEY).statusCode()).isEqualTo(200);
	}

	// the breaker in front of Redis probes it again once the clock has passed its retry
	// interval: each poll moves the shared clock past it
	private void awaitShared(ConfigurableApplicationContext instance) {
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
			FrozenClock.clock.advance(Duration.ofMillis(1001));
			assertThat(Http.of(instance).get("/v1/models", ADMIN_KEY).statusCode()).isEqualTo(200);
			assertThat(health(instance)).isEqualTo("UP");
		});
	}

	private String createKey(ConfigurableApplicationContext instance, int perMinute) {
		HttpResponse<byte[]> response = Http.of(instance)
			.json("POST", "/api/api-keys", ADMIN_KEY, "{\"name\":\"shared-" + UUID.randomUUID()
					+ "\",\"rate_limit\":{\"requests_per_minute\":" + perMinute + "}}");
		assertThat(response.statusCode()).isEqualTo(201);
		return json.readTree(response.body()).get("key").asString();
	}

	private static String health(ConfigurableApplicationContext instance) {
		int port = Integer.parseInt(instance.getEnvironment().getProperty("local.management.port", "0"));
		Http management = new Http(port);
		JsonNode health = json.readTree(management.send(management.request("/actuator/health").build()).body());
		return health.get("components").get("rateLimit").get("status").asString();
	}

	private ConfigurableApplicationContext start(String failureMode) {
		Path dataDir = failureMode.equals("local-fallback") ? this.workDir.resolve("shared")
				: this.workDir.resolve(failureMode);
		ConfigurableApplicationContext context = new SpringApplicationBuilder(CodexLbApplication.class,
				FrozenClock.class)
			.run(ServiceArguments.onLoopback()
				.dataDir(dataDir)
				.with("codex-lb.admin-key", ADMIN_KEY)
				.with("codex-lb.rate-limit.store", "redis")
				.with("codex-lb.rate-limit.redis-url", "redis://127.0.0.1:" + this.redisPort)
				.with("codex-lb.rate-limit.failure-mode", failureMode)
				// far above what a busy machine makes of a Redis call, so that only a
				// frozen or stopped Redis times out, and the counts are exact
				.with("codex-lb.rate-limit.redis-timeout", "1s")
				// Redis is absent when the instances start: a short wait for it
				.with("codex-lb.rate-limit.redis-startup-wait", "200ms")
				.with("codex-lb.rate-limit.default.requests-per-minute", 100000)
				.with("codex-lb.catalog.bootstrap-resource", "classpath:fixtures/upstream-models.json")
				.toArray());
		this.instances.add(context);
		// warm the client and server paths before the counts
		Http.of(context).get("/api/api-keys", ADMIN_KEY);
		return context;
	}

	private void startRedis() throws IOException {
		this.redis = RedisServer.newRedisServer().bind("127.0.0.1").port(this.redisPort).build();
		this.redis.start();
	}

	/**
	 * One clock that stands still, for every instance: no bucket refills during the test.
	 */
	@Configuration(proxyBeanMethods = false)
	static class FrozenClock {

		private static final MutableClock clock = new MutableClock();

		@Bean
		@Primary
		Clock frozenClock() {
			return clock;
		}

	}

}
