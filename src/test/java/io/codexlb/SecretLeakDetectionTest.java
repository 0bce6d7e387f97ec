package io.codexlb;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;

import io.codexlb.support.Http;
import io.codexlb.support.Secrets;
import io.codexlb.support.ServerTestSupport;
import io.codexlb.support.TestJwts;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalManagementPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The leak detection every test runs under: it catches a secret in a log line, even one
 * logged before the secret was known, and in a response body; the metrics carry no secret
 * of the whole run.
 */
class SecretLeakDetectionTest extends ServerTestSupport {

	private static final Logger logger = LoggerFactory.getLogger(SecretLeakDetectionTest.class);

	@LocalManagementPort
	private int managementPort;

	@Test
	void secretInALogLineShouldBeCaught() {
		String key = "sk-clb-" + "L".repeat(43);
		Secrets.register(key);
		logger.info("a careless line with {}", key);
		logger.warn("a careless exception", new IllegalStateException("token " + TestJwts.secret("leaky-token-1")));
		logger.info("a careless hash {}", Secrets.sha256(key));
		List<Secrets.Leak> leaks = Secrets.drain();
		assertThat(leaks).hasSize(3);
		assertThat(leaks).allSatisfy((leak) -> assertThat(leak.toString()).doesNotContain(key)
			.doesNotContain("leaky-token-1")
			.doesNotContain(Secrets.sha256(key)));
	}

	@Test
	void secretLoggedBeforeItWasRegisteredShouldBeCaught() {
		String key = "sk-clb-" + UUID.randomUUID().toString().replace("-", "") + "abcdefghijk";
		logger.info("logged early: {}", key);
		assertThat(Secrets.drain()).isEmpty();
		Secrets.register(key);
		assertThat(Secrets.drain()).hasSize(1);
	}

	@Test
	void secretInAResponseShouldBeCaughtExceptTheIssuedKeyOfANoStoreAnswer() {
		String issued = "sk-clb-" + "I".repeat(43);
		Secrets.check("{\"id\":\"x\",\"key\":\"<the issued key>\"}", "a test");
		assertThat(Secrets.drain()).isEmpty();
		Secrets.register(issued);
		Secrets.check("{\"error\":{\"message\":\"" + issued + "\"}}", "a test");
		assertThat(Secrets.drain()).hasSize(1);
	}

	@Test
	void keyLifecycleShouldLeaveNoSecretInLogsBodiesOrMetrics() {
		JsonNode created = createKey("{\"name\":\"lifecycle-" + UUID.randomUUID() + "\",\"admin\":true}");
		String key = created.get("key").asString();
		String id = created.get("id").asString();
		assertThat(http().get("/v1/models", key).statusCode()).isEqualTo(200);
		assertThat(http().get("/api/api-keys/" + id, key).statusCode()).isEqualTo(200);
		HttpResponse<byte[]> regenerated = http().json("POST", "/api/api-keys/" + id + "/regenerate", adminKey(), "");
		String newKey = body(regenerated).get("key").asString();
		for (String token : List.of(key, key + "x", key.substring(0, 49) + "!", key.toUpperCase())) {
			assertThat(http().get("/v1/models", token).statusCode()).isEqualTo(401);
		}
		assertThat(http().get("/v1/models", newKey).statusCode()).isEqualTo(200);
		assertThat(http().get("/api/api-keys", adminKey()).statusCode()).isEqualTo(200);
		Http management = new Http(this.managementPort);
		for (String path : List.of("/actuator/prometheus", "/actuator/health", "/actuator/info")) {
			HttpResponse<byte[]> response = management.send(management.request(path).build());
			assertThat(response.statusCode()).isEqualTo(200);
			String text = Http.text(response);
			// every secret registered so far in this run, not only this test's
			assertThat(Secrets.findIn(text)).as(path).isEmpty();
			assertThat(text).doesNotContain(key).doesNotContain(newKey).doesNotContain(Secrets.sha256(newKey));
		}
	}

}
