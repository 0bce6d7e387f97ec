package io.codexlb.replicas;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import io.codexlb.CodexLbApplication;
import io.codexlb.support.Http;
import io.codexlb.support.Postgres;
import io.codexlb.support.ServiceArguments;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.awaitility.Awaitility.await;

/**
 * The database stops and starts again under a running service: cached keys and the cached
 * catalog go on being served, an uncached key is refused with 503, never granted, and
 * everything recovers on its own.
 */
@ExtendWith(OutputCaptureExtension.class)
class DatabaseOutageTest {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final String ADMIN_KEY = "sk-clb-" + "o".repeat(43);

	@TempDir(cleanup = CleanupMode.ON_SUCCESS)
	Path workDir;

	@Test
	void databaseStoppedAndRestartedShouldKeepCachedKeysWorkingAndRecoverOnItsOwn() throws IOException {
		int port = Http.freePort();
		Path pgData = this.workDir.resolve("pg");
		EmbeddedPostgres postgres = Postgres.start(pgData, port);
		try (ConfigurableApplicationContext service = new SpringApplicationBuilder(CodexLbApplication.class)
			.run(ServiceArguments.onLoopback()
				.dataDir(this.workDir.resolve("data"))
				.postgres("jdbc:postgresql://127.0.0.1:" + port + "/postgres")
				.with("spring.datasource.hikari.connection-timeout", 1000)
				.with("codex-lb.admin-key", ADMIN_KEY)
				.toArray())) {
			Http http = new Http(((WebServerApplicationContext) service).getWebServer().getPort());
			String cached = newKey(http);
			String uncached = newKey(http);
			HttpResponse<byte[]> before = http.get("/v1/models", cached);
			assertThat(before.statusCode()).isEqualTo(200);
			// the admin key in the cache too: the admin call below reaches the controller
			assertThat(http.get("/api/api-keys", ADMIN_KEY).statusCode()).isEqualTo(200);

			postgres.close();

			HttpResponse<byte[]> cachedDuring = http.get("/v1/models", cached);
			assertThat(cachedDuring.statusCode()).isEqualTo(200);
			assertThat(cachedDuring.body()).isEqualTo(before.body());
			HttpResponse<byte[]> uncachedDuring = http.get("/v1/models", uncached);
			assertThat(uncachedDuring.statusCode()).isEqualTo(503);
			JsonNode error = json.readTree(uncachedDuring.body()).get("error");
			assertThat(error.get("code").asString()).isEqualTo("service_unavailable");
			assertThat(Http.text(uncachedDuring)).doesNotContain("Exception").doesNotContain(uncached);
			HttpResponse<byte[]> adminDuring = http.get("/api/api-keys", ADMIN_KEY);
			assertThat(adminDuring.statusCode()).isEqualTo(503);
			assertThat(json.readTree(adminDuring.body()).get("error").get("type").asString())
				.isEqualTo("service_unavailable");
			assertThat(http.json("POST", "/api/api-keys", ADMIN_KEY, "{\"name\":\"during-outage\"}").statusCode())
				.isEqualTo(503);
			int managementPort = Integer.parseInt(service.getEnvironment().getProperty("local.management.port"));
			Http management = new Http(managementPort);
			assertThat(management.send(management.request("/actuator/health/readiness").build()).statusCode())
				.as("readiness while the database is down: the service still serves")
				.isEqualTo(200);

			postgres = Postgres.start(pgData, port);
			await().atMost(Duration.ofSeconds(60))
				.pollInterval(Duration.ofMillis(250))
				.until(() -> http.get("/v1/models", uncached).statusCode() == 200);
			assertThat(http.get("/api/api-keys", ADMIN_KEY).statusCode()).isEqualTo(200);
			assertThat(newKey(http)).startsWith("sk-clb-");
		}
		finally {
			postgres.close();
		}
	}

	@Test
	void startWhenDatabaseUnreachableShouldStopWithOneClearMessageWithoutThePassword(CapturedOutput output) {
		int port = Http.freePort();
		assertThatException().isThrownBy(
				() -> new SpringApplicationBuilder(CodexLbApplication.class)
					.run(ServiceArguments.onLoopback()
						.dataDir(this.workDir.resolve("unreachable"))
						.with("spring.datasource.url",
								"jdbc:postgresql://127.0.0.1:" + port + "/codex?password=hunter2")
						.with("spring.datasource.username", "codex")
						.with("spring.datasource.password", "hunter2")
						.toArray())
					.close());
		assertThat(output.getAll())
			.contains("Cannot connect to the database jdbc:postgresql://127.0.0.1:" + port
					+ "/codex?password=**** as user codex: connection refused")
			.doesNotContain("hunter2");
	}

	private static String newKey(Http http) {
		HttpResponse<byte[]> response = http.json("POST", "/api/api-keys", ADMIN_KEY,
				"{\"name\":\"outage-" + UUID.randomUUID() + "\"}");
		assertThat(response.statusCode()).isEqualTo(201);
		return json.readTree(response.body()).get("key").asString();
	}

}
