package io.codexlb.webhook;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.codexlb.CodexLbApplication;
import io.codexlb.support.Http;
import io.codexlb.support.MutableClock;
import io.codexlb.support.Secrets;
import io.codexlb.support.ServiceArguments;
import io.codexlb.support.TestClockConfiguration;
import io.codexlb.support.TestJwts;
import io.codexlb.support.UpstreamStandIn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.awaitility.Awaitility.await;

/**
 * The outbox outlives the service: a delivery that its receiver could not take before a
 * restart is sent after it, from the same data folder. And a webhook the service cannot
 * use stops it at start, with a report that names the setting and never the secret.
 */
@ExtendWith(OutputCaptureExtension.class)
class WebhookRestartTest {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final String ADMIN_KEY = "sk-clb-" + "w".repeat(43);

	private static final String SECRET = "restart-" + "secret-of-the-webhook";

	@TempDir(cleanup = CleanupMode.ON_SUCCESS)
	Path workDir;

	private final UpstreamStandIn upstream = new UpstreamStandIn().start();

	private final int receiverPort = Http.freePort();

	private final WireMockServer receiver = new WireMockServer(
			options().bindAddress("127.0.0.1").port(this.receiverPort));

	private final List<ConfigurableApplicationContext> instances = new ArrayList<>();

	@AfterEach
	void stop() {
		this.instances.forEach(ConfigurableApplicationContext::close);
		this.upstream.stop();
		this.receiver.stop();
	}

	@Test
	void deliveryWhenTheReceiverIsDownAcrossARestartShouldBeSentAfterTheRestart() {
		ConfigurableApplicationContext first = start();
		long version = changeTheCatalog(first);
		// the receiver is down: the first attempt fails and the next waits for the
		// backoff
		await().atMost(Duration.ofSeconds(30)).until(() -> delivery(first, version).get("attempts").asInt() == 1);
		JsonNode failed = delivery(first, version);
		assertThat(failed.get("status").asString()).isEqualTo("pending");
		assertThat(failed.get("last_error").asString()).startsWith("request failed (");
		assertThat(failed.get("last_status_code").isNull()).isTrue();
		first.close();

		this.receiver.start();
		this.receiver.stubFor(post(urlPathEqualTo("/hook")).willReturn(aResponse().withStatus(200)));
		ConfigurableApplicationContext second = start();
		second.getBean(MutableClock.class).advance(Duration.ofSeconds(10));
		await().atMost(Duration.ofSeconds(30))
			.until(() -> delivery(second, version).get("status").asString().equals("delivered"));
		this.receiver.verify(1, postRequestedFor(urlPathEqualTo("/hook")).withHeader("X-Codex-LB-Delivery",
				equalTo(failed.get("id").asString())));
		assertThat(delivery(second, version).get("attempts").asInt()).isEqualTo(2);
	}

	@Test
	void deliveryWhenNoReplicaHasItsWebhookForTheLongestBackoffShouldFail() {
		ConfigurableApplicationContext first = start();
		long version = changeTheCatalog(first);
		await().atMost(Duration.ofSeconds(30)).until(() -> delivery(first, version).get("attempts").asInt() == 1);
		String id = delivery(first, version).get("id").asString();
		first.close();

		this.receiver.start();
		this.receiver.stubFor(post(urlPathEqualTo("/elsewhere")).willReturn(aResponse().withStatus(200)));
		ConfigurableApplicationContext second = start("http://127.0.0.1:" + this.receiverPort + "/elsewhere");
		// left for a replica that has the webhook for the longest backoff (1 h), as in a
		// rolling restart
		second.getBean(MutableClock.class).advance(Duration.ofHours(1).plusSeconds(10));
		await().atMost(Duration.ofSeconds(30))
			.until(() -> delivery(second, version).get("status").asString().equals("failed"));
		JsonNode failed = delivery(second, version);
		assertThat(failed.get("id").asString()).isEqualTo(id);
		assertThat(failed.get("last_error").asString())
			.isEqualTo("the webhook is no longer configured (codex-lb.webhooks)");
		assertThat(failed.get("attempts").asInt()).isEqualTo(1);
		assertThat(this.receiver.findAll(postRequestedFor(urlPathEqualTo("/hook")))).isEmpty();
	}

	@Test
	void startWhenAWebhookIsBadShouldFailWithAReportNamingTheSetting(CapturedOutput output) {
		String secret = "bad-config-" + "secret-never-shown";
		Secrets.register(secret);
		assertFailedStart(output, "ftp://127.0.0.1/hook", secret, "model_added", "codex-lb.webhooks[0].url",
				"must be an http or https URL with a host");
		assertFailedStart(output, "http:///no-host", secret, "model_added", "codex-lb.webhooks[0].url",
				"must be an http or https URL with a host");
		assertFailedStart(output, "http://127.0.0.1:9/" + "h".repeat(2048), secret, "model_added",
				"codex-lb.webhooks[0].url", "must be at most 2048 characters");
		assertFailedStart(output, "http://127.0.0.1:9/hook", " ", "model_added", "codex-lb.webhooks[0].secret",
				"must be set");
		assertFailedStart(output, "http://127.0.0.1:9/hook", secret, "model_renamed", "codex-lb.webhooks[0].events",
				"must be model_added, model_removed, model_changed or account_models_changed");
		assertThat(output.getAll()).doesNotContain(secret);
	}

	private void assertFailedStart(CapturedOutput output, String url, String secret, String events, String property,
			String reason) {
		int before = output.getAll().length();
		assertThatException()
			.isThrownBy(() -> new SpringApplicationBuilder(CodexLbApplication.class).run(ServiceArguments.onLoopback()
				.noUpstream()
				.dataDir(this.workDir.resolve("bad-" + System.nanoTime()))
				.with("codex-lb.webhooks[0].url", url)
				.with("codex-lb.webhooks[0].secret", secret)
				.with("codex-lb.webhooks[0].events", events)
				.toArray()));
		String report = output.getAll().substring(before);
		assertThat(report).contains("APPLICATION FAILED TO START").contains(property).contains(reason);
	}

	private ConfigurableApplicationContext start() {
		return start("http://127.0.0.1:" + this.receiverPort + "/hook");
	}

	private ConfigurableApplicationContext start(String webhookUrl) {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(CodexLbApplication.class,
				TestClockConfiguration.class)
			.run(ServiceArguments.onLoopback()
				.dataDir(this.workDir.resolve("data"))
				.with("codex-lb.admin-key", ADMIN_KEY)
				.upstream(this.upstream)
				.with("codex-lb.catalog.refresh-interval", "1h")
				.with("codex-lb.webhooks[0].url", webhookUrl)
				.with("codex-lb.webhooks[0].secret", SECRET)
				.with("codex-lb.webhook-delivery.poll-interval", "100ms")
				.toArray());
		this.instances.add(context);
		return context;
	}

	// adds an account with a list of its own and refreshes: a batch of changes
	private long changeTheCatalog(ConfigurableApplicationContext instance) {
		Secrets.register(SECRET);
		String access = TestJwts.accessToken("restart", Instant.now().plusSeconds(3600));
		this.upstream.models(access,
				UpstreamStandIn.json(200, "{\"models\":[{\"slug\":\"restart-model\",\"priority\":2}]}"));
		HttpResponse<byte[]> added = Http.of(instance)
			.json("POST", "/api/accounts", ADMIN_KEY, TestJwts.authJson("acct-restart", access, "refresh-restart",
					TestJwts.idToken("user-restart", "restart@example.com", "pro")));
		assertThat(added.statusCode()).isEqualTo(201);
		return json.readTree(Http.of(instance).json("POST", "/api/catalog/refresh", ADMIN_KEY, "").body())
			.get("version")
			.asLong();
	}

	private static JsonNode delivery(ConfigurableApplicationContext instance, long version) {
		for (JsonNode delivery : json.readTree(Http.of(instance).get("/api/webhooks/deliveries", ADMIN_KEY).body())
			.get("data")) {
			if (delivery.get("snapshot_version").asLong() == version) {
				return delivery;
			}
		}
		throw new AssertionError("no delivery of version " + version);
	}

}
