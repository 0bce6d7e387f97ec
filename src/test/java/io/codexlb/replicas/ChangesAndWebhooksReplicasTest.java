package io.codexlb.replicas;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.codexlb.CodexLbApplication;
import io.codexlb.support.Http;
import io.codexlb.support.Postgres;
import io.codexlb.support.ServiceArguments;
import io.codexlb.support.TestJwts;
import io.codexlb.support.UpstreamStandIn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two service instances on one real PostgreSQL database record each catalog change once,
 * whichever refreshes, and deliver each batch once to a webhook both are configured with.
 */
class ChangesAndWebhooksReplicasTest {

	private static final String ADMIN_KEY = "sk-clb-" + "r".repeat(43);

	private static final String ENCRYPTION_KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

	@TempDir(cleanup = CleanupMode.ON_SUCCESS)
	Path workDir;

	private final UpstreamStandIn upstream = new UpstreamStandIn().start();

	private final WireMockServer receiver = new WireMockServer(
			options().bindAddress("127.0.0.1").port(Http.freePort()));

	private final List<ConfigurableApplicationContext> instances = new ArrayList<>();

	@AfterEach
	void stop() {
		this.instances.forEach(ConfigurableApplicationContext::close);
		this.upstream.stop();
		this.receiver.stop();
	}

	@Test
	void refreshesOnBothReplicasShouldRecordEachChangeOnceAndDeliverEachBatchOnce() {
		this.receiver.start();
		this.receiver.stubFor(post(urlPathEqualTo("/hook")).willReturn(aResponse().withStatus(200)));
		String database = Postgres.freshDatabase();
		String access = TestJwts.accessToken("changes", Instant.now().plusSeconds(3600));
		this.upstream.models(access, UpstreamStandIn.json(200,
				"{\"models\":[{\"slug\":\"replicated-change\",\"priority\":2,\"context_window\":1000}]}"));
		ConfigurableApplicationContext a = start(database, "a");
		ConfigurableApplicationContext b = start(database, "b");
		HttpResponse<byte[]> added = Http.of(a)
			.json("POST", "/api/accounts", ADMIN_KEY, TestJwts.authJson("acct-changes", access, "refresh-changes",
					TestJwts.idToken("user-changes", "changes@example.com", "pro")));
		assertThat(added.statusCode()).isEqualTo(201);
		refreshBoth(a, b);
		this.upstream.models(access, UpstreamStandIn.json(200,
				"{\"models\":[{\"slug\":\"replicated-change\",\"priority\":2,\"context_window\":2000}]}"));
		refreshBoth(a, b);
		refreshBoth(a, b);

		JdbcClient jdbc = a.getBean(JdbcClient.class);
		List<Map<String, Object>> duplicates = jdbc
			.sql("SELECT event, model_id, account_id, changes, COUNT(*) AS n FROM catalog_changes "
					+ "GROUP BY event, model_id, account_id, changes HAVING COUNT(*) > 1")
			.query()
			.listOfRows();
		assertThat(duplicates).isEmpty();
		assertThat(jdbc.sql("SELECT event FROM catalog_changes WHERE model_id = 'replicated-change' ORDER BY id")
			.query(String.class)
			.list()).containsExactly("model_added", "model_changed");
		assertThat(jdbc.sql("SELECT COUNT(*) FROM catalog_changes WHERE event = 'account_models_changed'")
			.query(Long.class)
			.single()).isEqualTo(1);

		long rows = jdbc.sql("SELECT COUNT(*) FROM webhook_deliveries").query(Long.class).single();
		assertThat(rows).isPositive();
		await().atMost(Duration.ofSeconds(60))
			.until(() -> jdbc.sql("SELECT COUNT(*) FROM webhook_deliveries WHERE status = 'delivered'")
				.query(Long.class)
				.single() == rows);
		List<LoggedRequest> received = this.receiver.findAll(postRequestedFor(urlPathEqualTo("/hook")));
		Map<String, Long> perDelivery = received.stream()
			.collect(Collectors.groupingBy((request) -> request.getHeader("X-Codex-LB-Delivery"),
					Collectors.counting()));
		assertThat(perDelivery).hasSize((int) rows).allSatisfy((id, count) -> assertThat(count).isEqualTo(1));
		assertThat(jdbc.sql("SELECT id FROM webhook_deliveries").query(String.class).list())
			.containsExactlyInAnyOrderElementsOf(perDelivery.keySet());
	}

	private static void refreshBoth(ConfigurableApplicationContext a, ConfigurableApplicationContext b) {
		Function<ConfigurableApplicationContext, CompletableFuture<Integer>> refresh = (instance) -> CompletableFuture
			.supplyAsync(() -> Http.of(instance).json("POST", "/api/catalog/refresh", ADMIN_KEY, "").statusCode());
		CompletableFuture<Integer> first = refresh.apply(a);
		CompletableFuture<Integer> second = refresh.apply(b);
		assertThat(first.join()).isEqualTo(200);
		assertThat(second.join()).isEqualTo(200);
	}

	private ConfigurableApplicationContext start(String database, String name) {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(CodexLbApplication.class)
			.run(ServiceArguments.onLoopback()
				.dataDir(this.workDir.resolve(name))
				.postgres(database)
				.with("codex-lb.admin-key", ADMIN_KEY)
				.with("codex-lb.encryption-key", ENCRYPTION_KEY)
				.upstream(this.upstream)
				.with("codex-lb.catalog.refresh-interval", "1h")
				.with("codex-lb.catalog.follow-interval", "1s")
				.with("codex-lb.webhooks[0].url", "http://127.0.0.1:" + this.receiver.port() + "/hook")
				.with("codex-lb.webhooks[0].secret", "replicas-secret-of-the-webhook")
				.with("codex-lb.webhook-delivery.poll-interval", "100ms")
				.toArray());
		this.instances.add(context);
		return context;
	}

}
