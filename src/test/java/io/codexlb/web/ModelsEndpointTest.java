package io.codexlb.web;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.zip.GZIPInputStream;

import io.codexlb.support.CodexEntryAssertions;
import io.codexlb.support.Golden;
import io.codexlb.support.Http;
import io.codexlb.support.MutableClock;
import io.codexlb.support.ServerTestSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalManagementPort;

import static org.assertj.core.api.Assertions.assertThat;

class ModelsEndpointTest extends ServerTestSupport {

	private static final List<String> PATHS = List.of("/backend-api/codex/models", "/v1/models",
			"/backend-api/codex/v1/models");

	private static final List<String> METADATA_FIELDS = List.of("display_name", "description", "context_window",
			"input_modalities", "supported_reasoning_levels", "default_reasoning_level", "supports_reasoning_summaries",
			"support_verbosity", "default_verbosity", "prefer_websockets", "supports_parallel_tool_calls",
			"supported_in_api", "minimal_client_version", "priority");

	@LocalManagementPort
	private int managementPort;

	@Test
	void listWhenUnrestrictedKeyShouldMatchGoldenOnEveryPath() {
		HttpResponse<byte[]> first = http().get(PATHS.get(0), adminKey());
		assertThat(first.statusCode()).isEqualTo(200);
		assertThat(first.headers().firstValue("Content-Type")).hasValue("application/json");
		Golden.assertMatches("models-unrestricted.json", first.body());
		for (String path : PATHS) {
			assertThat(http().get(path, adminKey()).body()).as(path).isEqualTo(first.body());
		}
	}

	@Test
	void listWhenRestrictedKeyShouldShowOnlyAllowedApiModels() {
		String key = createKey(
				"""
						{"name":"restricted-%s","allowed_models":["gpt-test-mini","gpt-test-legacy","gpt-test-spark","gpt-test-auto-review"]}
						"""
					.formatted(UUID.randomUUID()))
			.get("key")
			.asString();
		HttpResponse<byte[]> response = http().get("/backend-api/codex/models", key);
		assertThat(response.statusCode()).isEqualTo(200);
		Golden.assertMatches("models-restricted.json", response.body());
		HttpResponse<byte[]> codex = http().get("/backend-api/codex/models?client_version=0.169.0", key);
		Golden.assertMatches("models-restricted-codex.json", codex.body());
	}

	@Test
	void listWhenClientVersionShouldAddValidCodexModelsArray() {
		HttpResponse<byte[]> response = http().get("/backend-api/codex/models?client_version=0.169.0", adminKey());
		assertThat(response.statusCode()).isEqualTo(200);
		Golden.assertMatches("models-codex.json", response.body());
		JsonNode models = body(response).get("models");
		assertThat(models.size()).isEqualTo(5);
		models.forEach(CodexEntryAssertions::assertValidForCodexCli);
		assertThat(body(response).get("data")).isEqualTo(body(http().get("/v1/models", adminKey())).get("data"));
	}

	@Test
	void listShouldHaveExactlyTheSeedShapeInPriorityOrder() {
		JsonNode body = body(http().get("/v1/models", adminKey()));
		assertThat(body.propertyNames()).containsExactly("object", "data");
		assertThat(body.get("object").asString()).isEqualTo("list");
		List<String> ids = new ArrayList<>();
		int previousPriority = Integer.MAX_VALUE;
		for (JsonNode model : body.get("data")) {
			ids.add(model.get("id").asString());
			assertThat(model.propertyNames()).containsExactly("id", "object", "created", "owned_by", "metadata");
			assertThat(model.get("object").asString()).isEqualTo("model");
			assertThat(model.get("owned_by").asString()).isEqualTo("codex-lb");
			assertThat(model.get("created").isIntegralNumber()).isTrue();
			assertThat(model.get("metadata").propertyNames()).containsExactlyElementsOf(METADATA_FIELDS);
			assertThat(model.get("metadata").get("supported_in_api").asBoolean()).isTrue();
			int priority = model.get("metadata").get("priority").asInt();
			assertThat(priority).isLessThanOrEqualTo(previousPriority);
			previousPriority = priority;
		}
		// upstream priorities 1, 5, 150 become 99, 95, 0; hidden and API-unsupported
		// models are left out
		assertThat(ids).containsExactly("gpt-test-pro", "gpt-test-mini", "gpt-test-legacy");
	}

	@Test
	void headShouldAnswerLikeGetWithoutBody() {
		HttpResponse<byte[]> get = http().get("/backend-api/codex/models", adminKey());
		for (String path : PATHS) {
			HttpResponse<byte[]> head = http().send(http().request(path)
				.header("Authorization", "Bearer " + adminKey())
				.method("HEAD", HttpRequest.BodyPublishers.noBody())
				.build());
			assertThat(head.statusCode()).isEqualTo(200);
			assertThat(head.body()).isEmpty();
			assertThat(head.headers().firstValue("ETag")).isEqualTo(get.headers().firstValue("ETag"));
			assertThat(head.headers().firstValue("Content-Length")).hasValue(String.valueOf(get.body().length));
		}
	}

	@Test
	void modelShouldReturnTheModelOfTheList() {
		JsonNode listed = body(http().get("/v1/models", adminKey())).get("data").get(0);
		for (String path : PATHS) {
			HttpResponse<byte[]> response = http().get(path + "/gpt-test-pro", adminKey());
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(body(response)).isEqualTo(listed);
			assertThat(response.headers().firstValue("ETag")).isPresent();
		}
	}

	@Test
	void modelWhenUnknownHiddenUnsupportedOrForbiddenShouldAnswerTheSame404() {
		String restricted = createKey("""
				{"name":"only-mini-%s","allowed_models":["gpt-test-mini"]}
				""".formatted(UUID.randomUUID())).get("key").asString();
		assertModelNotFound(http().get("/v1/models/no-such-model", adminKey()), "no-such-model");
		assertModelNotFound(http().get("/v1/models/gpt-test-auto-review", adminKey()), "gpt-test-auto-review");
		assertModelNotFound(http().get("/v1/models/gpt-test-spark", adminKey()), "gpt-test-spark");
		assertModelNotFound(http().get("/v1/models/gpt-test-pro", restricted), "gpt-test-pro");
		assertModelNotFound(http().get("/v1/models/no-such-model", restricted), "no-such-model");
		assertThat(http().get("/v1/models/gpt-test-mini", restricted).statusCode()).isEqualTo(200);
	}

	private static void assertModelNotFound(HttpResponse<byte[]> response, String id) {
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(Http.text(response)).isEqualTo("{\"error\":{\"message\":\"The model '" + id
				+ "' does not exist or you do not have access to it.\",\"type\":\"invalid_request_error\","
				+ "\"param\":\"model\",\"code\":\"model_not_found\"}}");
	}

	@Test
	void listWhenIfNoneMatchMatchesShouldAnswer304WithoutBody() {
		HttpResponse<byte[]> first = http().get("/backend-api/codex/models", adminKey());
		String etag = first.headers().firstValue("ETag").orElseThrow();
		assertThat(etag).matches("\"[0-9a-f]{32}\"");
		for (String ifNoneMatch : List.of(etag, "W/" + etag, "\"other\", " + etag, "*")) {
			HttpResponse<byte[]> conditional = http().send(http().request("/backend-api/codex/models")
				.header("Authorization", "Bearer " + adminKey())
				.header("If-None-Match", ifNoneMatch)
				.build());
			assertThat(conditional.statusCode()).as(ifNoneMatch).isEqualTo(304);
			assertThat(conditional.body()).isEmpty();
			assertThat(conditional.headers().firstValue("ETag")).hasValue(etag);
			assertThat(conditional.headers().firstValue("Cache-Control")).hasValue("private, no-cache");
		}
		HttpResponse<byte[]> changed = http().send(http().request("/backend-api/codex/models")
			.header("Authorization", "Bearer " + adminKey())
			.header("If-None-Match", "\"0123\"")
			.build());
		assertThat(changed.statusCode()).isEqualTo(200);
		assertThat(changed.body()).isEqualTo(first.body());
		HttpResponse<byte[]> otherShape = http().send(http().request("/backend-api/codex/models?client_version=1.0.0")
			.header("Authorization", "Bearer " + adminKey())
			.header("If-None-Match", etag)
			.build());
		assertThat(otherShape.statusCode()).isEqualTo(200);
	}

	@Test
	void listWhenClientAcceptsGzipShouldSendTheSameBodyCompressed() throws IOException {
		HttpResponse<byte[]> identity = http().get("/backend-api/codex/models?client_version=0.169.0", adminKey());
		HttpResponse<byte[]> gzip = http().send(http().request("/backend-api/codex/models?client_version=0.169.0")
			.header("Authorization", "Bearer " + adminKey())
			.header("Accept-Encoding", "br;q=1.0, gzip;q=0.8")
			.build());
		assertThat(gzip.statusCode()).isEqualTo(200);
		assertThat(gzip.headers().firstValue("Content-Encoding")).hasValue("gzip");
		assertThat(gzip.body().length).isLessThan(identity.body().length);
		try (GZIPInputStream input = new GZIPInputStream(new ByteArrayInputStream(gzip.body()))) {
			assertThat(input.readAllBytes()).isEqualTo(identity.body());
		}
		String gzipEtag = gzip.headers().firstValue("ETag").orElseThrow();
		assertThat(gzipEtag).isNotEqualTo(identity.headers().firstValue("ETag").orElseThrow());
		HttpResponse<byte[]> refused = http().send(http().request("/backend-api/codex/models?client_version=0.169.0")
			.header("Authorization", "Bearer " + adminKey())
			.header("Accept-Encoding", "gzip;q=0, identity")
			.build());
		assertThat(refused.headers().firstValue("Content-Encoding")).isEmpty();
		assertThat(refused.body()).isEqualTo(identity.body());
		HttpResponse<byte[]> revalidated = http()
			.send(http().request("/backend-api/codex/models?client_version=0.169.0")
				.header("Authorization", "Bearer " + adminKey())
				.header("Accept-Encoding", "gzip")
				.header("If-None-Match", gzipEtag)
				.build());
		assertThat(revalidated.statusCode()).isEqualTo(304);
	}

	@Test
	void everyResponseShouldCarryCachingHeadersAndARequestId() {
		HttpResponse<byte[]> ok = http().send(http().request("/v1/models")
			.header("Authorization", "Bearer " + adminKey())
			.header("X-Request-Id", "client-id-42")
			.build());
		assertThat(ok.headers().firstValue("X-Request-Id")).hasValue("client-id-42");
		assertThat(ok.headers().firstValue("Cache-Control")).hasValue("private, no-cache");
		assertThat(ok.headers().firstValue("Vary")).hasValue("Authorization, Accept-Encoding");
		assertThat(ok.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
		HttpResponse<byte[]> insane = http().send(http().request("/v1/models")
			.header("Authorization", "Bearer " + adminKey())
			.header("X-Request-Id", "x".repeat(200))
			.build());
		assertThat(insane.headers().firstValue("X-Request-Id").orElseThrow()).matches("req_[0-9a-f]{32}");
		HttpResponse<byte[]> unauthorized = http().send(http().request("/v1/models").build());
		assertThat(unauthorized.headers().firstValue("X-Request-Id").orElseThrow()).matches("req_[0-9a-f]{32}");
		assertThat(unauthorized.headers().firstValue("Cache-Control")).hasValue("private, no-cache");
	}

	@Test
	void createdShouldBeUpstreamTimeOrFirstSeenTimeAndStable() {
		JsonNode first = body(http().get("/v1/models", adminKey()));
		this.clock.advance(Duration.ofDays(3));
		try {
			JsonNode second = body(http().get("/v1/models", adminKey()));
			assertThat(second).isEqualTo(first);
			assertThat(first.get("data").get(0).get("created").asLong()).isEqualTo(1735689600L);
			assertThat(first.get("data").get(1).get("created").asLong()).isEqualTo(MutableClock.START.getEpochSecond());
		}
		finally {
			this.clock.reset();
		}
	}

	@Test
	void readinessShouldIncludeTheCatalog() {
		HttpResponse<byte[]> readiness = new Http(this.managementPort)
			.send(new Http(this.managementPort).request("/actuator/health/readiness").build());
		assertThat(readiness.statusCode()).isEqualTo(200);
		JsonNode body = body(readiness);
		assertThat(body.get("status").asString()).isEqualTo("UP");
		assertThat(body.get("components").get("catalog").get("status").asString()).isEqualTo("UP");
		HttpResponse<byte[]> liveness = new Http(this.managementPort)
			.send(new Http(this.managementPort).request("/actuator/health/liveness").build());
		assertThat(liveness.statusCode()).isEqualTo(200);
		HttpResponse<byte[]> prometheus = new Http(this.managementPort)
			.send(new Http(this.managementPort).request("/actuator/prometheus").build());
		assertThat(prometheus.statusCode()).isEqualTo(200);
		assertThat(Http.text(prometheus)).contains("cache_gets_total{cache=\"api-keys\"");
		// the series the rules and the dashboard in deploy/ read
		assertThat(Http.text(prometheus)).contains("codex_lb_readiness 1.0", "codex_lb_catalog_bootstrap_accounts 0.0",
				"codex_lb_catalog_accounts{state=\"healthy\"}", "codex_lb_catalog_accounts{state=\"reauth_required\"}");
	}

	@Test
	void modelsRequestsShouldBeTimedByPathKindAndStatusOutsideTheGenericHttpTimer() {
		String list = "codex_lb_models_requests_seconds_count{kind=\"list\",path=\"/backend-api/codex/v1/models\",status=\"200\"}";
		String unauthorized = "codex_lb_models_requests_seconds_count{kind=\"model\",path=\"/backend-api/codex/v1/models\",status=\"401\"}";
		double listBefore = metric(list);
		double unauthorizedBefore = metric(unauthorized);
		for (int i = 0; i < 3; i++) {
			assertThat(http()
				.send(http().request("/backend-api/codex/v1/models")
					.header("Authorization", "Bearer " + adminKey())
					.build())
				.statusCode()).isEqualTo(200);
		}
		assertThat(http().send(http().request("/backend-api/codex/v1/models/gpt-5").build()).statusCode())
			.isEqualTo(401);
		assertThat(metric(list)).isEqualTo(listBefore + 3);
		assertThat(metric(unauthorized)).isEqualTo(unauthorizedBefore + 1);
		assertThat(prometheus()).doesNotContain("uri=\"/backend-api/codex/v1/models");
	}

	private double metric(String series) {
		return prometheus().lines()
			.filter((line) -> line.startsWith(series + " "))
			.mapToDouble((line) -> Double.parseDouble(line.substring(series.length() + 1)))
			.findFirst()
			.orElse(0);
	}

	private String prometheus() {
		Http management = new Http(this.managementPort);
		return Http.text(management.send(management.request("/actuator/prometheus").build()));
	}

}
