package io.codexlb.ratelimit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

import io.codexlb.support.Http;
import org.junit.jupiter.api.AfterAll;
import redis.embedded.RedisServer;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The rate-limit header and body tests again, with the buckets in a real Redis server on
 * loopback.
 */
class RedisRateLimitHttpTest extends RateLimitHttpTest {

	private static final int redisPort = Http.freePort();

	private static final RedisServer redis = startRedis();

	private static final Path ownDataDir = newDataDir();

	@DynamicPropertySource
	static void redisStore(DynamicPropertyRegistry registry) {
		registry.add("test.data-dir", ownDataDir::toString);
		registry.add("codex-lb.rate-limit.store", () -> "redis");
		registry.add("codex-lb.rate-limit.redis-url", () -> "redis://127.0.0.1:" + redisPort);
		// a loaded test machine must not turn a slow answer into a local fallback
		registry.add("codex-lb.rate-limit.redis-timeout", () -> "2s");
		registry.add("codex-lb.rate-limit.failure-mode", () -> "fail-closed");
	}

	@AfterAll
	static void stopRedis() throws IOException {
		redis.stop();
	}

	private static RedisServer startRedis() {
		try {
			RedisServer server = RedisServer.newRedisServer().bind("127.0.0.1").port(redisPort).build();
			server.start();
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
