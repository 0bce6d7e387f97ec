package io.codexlb.ratelimit;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import io.codexlb.apikey.ApiKeyFormat;
import io.codexlb.support.Http;
import io.codexlb.support.Postgres;
import io.codexlb.support.Secrets;
import io.codexlb.support.ServiceProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import redis.embedded.RedisServer;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two replicas started cold, each a JVM of its own, on one real Redis and one PostgreSQL:
 * with no request to a models route before the count, they admit exactly one quota from
 * their first request, because a replica is ready only once its Redis path is warm.
 */
class RedisColdStartTest {

	private static final JsonMapper json = JsonMapper.builder().build();

	@TempDir(cleanup = CleanupMode.ON_SUCCESS)
	Path workDir;

	@Test
	void twoColdReplicasShouldAdmitExactlyOneQuotaFromTheirFirstRequest() throws Exception {
		int redisPort = Http.freePort();
		RedisServer redis = RedisServer.newRedisServer().bind("127.0.0.1").port(redisPort).build();
		redis.start();
		String database = Postgres.freshDatabase();
		String adminKey = ApiKeyFormat.generate();
		Secrets.register(adminKey);
		String[] arguments = { "--codex-lb.admin-key=" + adminKey, "--spring.datasource.url=" + database,
				"--spring.datasource.username=postgres", "--spring.datasource.password=",
				"--codex-lb.rate-limit.store=redis", "--codex-lb.rate-limit.redis-url=redis://127.0.0.1:" + redisPort,
				// far above what a busy machine makes of a warm Redis call: a cold path
				// is what the warm-up must prevent, a slow machine must not fail the test
				"--codex-lb.rate-limit.redis-timeout=1s" };
		try (ServiceProcess a = ServiceProcess.startReady(this.workDir.resolve("a"), this.workDir.resolve("a.log"),
				arguments);
				ServiceProcess b = ServiceProcess.startReady(this.workDir.resolve("b"), this.workDir.resolve("b.log"),
						arguments)) {
			// an admin call does not touch the buckets
			HttpResponse<byte[]> created = a.http()
				.json("POST", "/api/api-keys", adminKey,
						"{\"name\":\"cold-" + UUID.randomUUID() + "\",\"rate_limit\":{\"requests_per_minute\":10}}");
			assertThat(created.statusCode()).isEqualTo(201);
			String key = json.readTree(created.body()).get("key").asString();
			int admitted = 0;
			for (int i = 0; i < 20; i++) {
				HttpResponse<byte[]> response = ((i % 2 == 0) ? a : b).http().get("/backend-api/codex/models", key);
				assertThat(response.statusCode()).isIn(200, 429);
				admitted += (response.statusCode() == 200) ? 1 : 0;
			}
			assertThat(admitted).as("admitted by two cold replicas sharing one 10/min bucket").isEqualTo(10);
			for (ServiceProcess replica : List.of(a, b)) {
				String log = Files.readString(replica.log());
				assertThat(log).contains("Rate limiting uses Redis; its path is warm")
					.doesNotContain("Rate limiting cannot use Redis");
			}
		}
		finally {
			redis.stop();
		}
	}

}
