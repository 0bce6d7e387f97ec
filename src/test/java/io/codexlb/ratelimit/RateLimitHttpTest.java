package io.codexlb.ratelimit;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.codexlb.support.Http;
import io.codexlb.support.ServerTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rate limits as clients see them over HTTP; the test clock stands still unless a
 * test moves it.
 */
class RateLimitHttpTest extends ServerTestSupport {

	@AfterEach
	void resetClock() {
		this.clock.reset();
	}

	@Test
	void modelsWhenSixPerMinuteShouldAdmitSixThenAnswer429WithRetryAfter() {
		String key = key("{\"requests_per_minute\":6}");
		List<String> remaining = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			HttpResponse<byte[]> response = http().get("/backend-api/codex/models", key);
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.headers().firstValue("RateLimit-Policy")).hasValue("\"default\";q=6;w=60");
			assertThat(response.headers().firstValue("x-ratelimit-limit-requests")).hasValue("6");
			remaining.add(response.headers().firstValue("x-ratelimit-remaining-requests").orElseThrow());
		}
		assertThat(remaining).containsExactly("5", "4", "3", "2", "1", "0");
		HttpResponse<byte[]> limited = http().get("/backend-api/codex/models", key);
		assertThat(limited.statusCode()).isEqualTo(429);
		assertThat(limited.headers().firstValue("Retry-After")).hasValue("10");
		assertThat(limited.headers().firstValue("x-ratelimit-remaining-requests")).hasValue("0");
		assertThat(limited.headers().firstValue("x-ratelimit-reset-requests")).hasValue("1m0s");
		assertThat(limited.headers().firstValue("RateLimit")).hasValue("\"default\";r=0;t=60");
		assertThat(limited.headers().firstValue("Content-Type")).hasValue("application/json");
		assertThat(Http.text(limited)).isEqualTo("{\"error\":{\"message\":\"Rate limit exceeded for this API key. "
				+ "Please try again in 10s.\",\"type\":\"rate_limit_error\",\"param\":null,"
				+ "\"code\":\"rate_limit_exceeded\"}}");
		this.clock.advance(Duration.ofSeconds(10));
		HttpResponse<byte[]> refilled = http().get("/v1/models", key);
		assertThat(refilled.statusCode()).isEqualTo(200);
		assertThat(refilled.headers().firstValue("x-ratelimit-remaining-requests")).hasValue("0");
	}

	@Test
	void notModifiedAndNotFoundShouldCountButUnauthenticatedRequestsAndAdminRoutesShouldNot() {
		String key = key("{\"requests_per_minute\":3}");
		HttpResponse<byte[]> first = http().get("/v1/models", key);
		String etag = first.headers().firstValue("ETag").orElseThrow();
		HttpResponse<byte[]> notModified = http().send(http().request("/v1/models")
			.header("Authorization", "Bearer " + key)
			.header("If-None-Match", etag)
			.build());
		assertThat(notModified.statusCode()).isEqualTo(304);
		assertThat(notModified.headers().firstValue("x-ratelimit-remaining-requests")).hasValue("1");
		HttpResponse<byte[]> notFound = http().get("/v1/models/no-such-model", key);
		assertThat(notFound.statusCode()).isEqualTo(404);
		assertThat(notFound.headers().firstValue("x-ratelimit-remaining-requests")).hasValue("0");
		HttpResponse<byte[]> unauthenticated = http().get("/v1/models", "sk-clb-" + "Q".repeat(43));
		assertThat(unauthenticated.statusCode()).isEqualTo(401);
		assertThat(unauthenticated.headers().firstValue("x-ratelimit-remaining-requests")).isEmpty();
		assertThat(http().get("/v1/models", key).statusCode()).isEqualTo(429);
		HttpResponse<byte[]> head = http().send(http().request("/v1/models")
			.header("Authorization", "Bearer " + key)
			.method("HEAD", HttpRequest.BodyPublishers.noBody())
			.build());
		assertThat(head.statusCode()).isEqualTo(429);

		String admin = createKey("{\"name\":\"limited-admin-" + UUID.randomUUID()
				+ "\",\"admin\":true,\"rate_limit\":{\"requests_per_minute\":1}}")
			.get("key")
			.asString();
		for (int i = 0; i < 5; i++) {
			HttpResponse<byte[]> listed = http().get("/api/api-keys", admin);
			assertThat(listed.statusCode()).isEqualTo(200);
			assertThat(listed.headers().firstValue("RateLimit")).isEmpty();
		}
	}

	@Test
	void policyChangeShouldTakeEffectOnTheNextRequest() {
		var created = createKey(
				"{\"name\":\"changing-" + UUID.randomUUID() + "\",\"rate_limit\":{\"requests_per_minute\":1}}");
		String key = created.get("key").asString();
		assertThat(http().get("/v1/models", key).statusCode()).isEqualTo(200);
		assertThat(http().get("/v1/models", key).statusCode()).isEqualTo(429);
		HttpResponse<byte[]> patched = http().json("PATCH", "/api/api-keys/" + created.get("id").asString(), adminKey(),
				"{\"rate_limit\":{\"requests_per_minute\":30,\"requests_per_day\":1000}}");
		assertThat(patched.statusCode()).isEqualTo(200);
		HttpResponse<byte[]> after = http().get("/v1/models", key);
		assertThat(after.statusCode()).isEqualTo(200);
		assertThat(after.headers().firstValue("RateLimit-Policy"))
			.hasValue("\"default\";q=30;w=60, \"daily\";q=1000;w=86400");
	}

	@Test
	void fiftyClientsOnOneKeyShouldBeAdmittedExactlyTheQuotaAndLeaveAnotherKeyAlone() throws Exception {
		String hammered = key("{\"requests_per_minute\":100}");
		String other = key("{\"requests_per_minute\":100}");
		AtomicInteger admitted = new AtomicInteger();
		AtomicInteger limited = new AtomicInteger();
		ExecutorService clients = Executors.newFixedThreadPool(50);
		CountDownLatch start = new CountDownLatch(1);
		for (int c = 0; c < 50; c++) {
			clients.execute(() -> {
				try {
					start.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				for (int i = 0; i < 10; i++) {
					int status = http().get("/backend-api/codex/models", hammered).statusCode();
					(status == 200 ? admitted : limited).incrementAndGet();
				}
			});
		}
		start.countDown();
		clients.shutdown();
		assertThat(clients.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
		assertThat(admitted.get()).isEqualTo(100);
		assertThat(limited.get()).isEqualTo(400);
		HttpResponse<byte[]> untouched = http().get("/backend-api/codex/models", other);
		assertThat(untouched.statusCode()).isEqualTo(200);
		assertThat(untouched.headers().firstValue("x-ratelimit-remaining-requests")).hasValue("99");
	}

	@Test
	void keysOwnUsageShouldReadTheWindowsAsTheHeadersSayWithoutTakingAToken() {
		String key = key("{\"requests_per_minute\":6,\"requests_per_day\":100}");
		HttpResponse<byte[]> last = null;
		for (int i = 0; i < 4; i++) {
			last = http().get("/v1/models", key);
		}
		assertThat(last.headers().firstValue("x-ratelimit-remaining-requests")).hasValue("2");
		for (int i = 0; i < 3; i++) {
			HttpResponse<byte[]> usage = http().get("/v1/usage", key);
			assertThat(usage.statusCode()).as(Http.text(usage)).isEqualTo(200);
			JsonNode windows = body(usage).get("rate_limits");
			assertThat(windows).hasSize(2);
			assertThat(windows.get(0).get("window").asString()).isEqualTo("minute");
			assertThat(windows.get(0).get("limit").asLong()).isEqualTo(6);
			assertThat(windows.get(0).get("remaining").asLong()).isEqualTo(2);
			assertThat(windows.get(0).get("reset_seconds").asLong()).isEqualTo(40);
			assertThat(windows.get(1).get("window").asString()).isEqualTo("day");
			assertThat(windows.get(1).get("remaining").asLong()).isEqualTo(96);
		}
		assertThat(http().get("/v1/models", key).headers().firstValue("x-ratelimit-remaining-requests"))
			.as("the reads took no token")
			.hasValue("1");
	}

	private String key(String rateLimit) {
		return createKey("{\"name\":\"limited-" + UUID.randomUUID() + "\",\"rate_limit\":" + rateLimit + "}").get("key")
			.asString();
	}

}
