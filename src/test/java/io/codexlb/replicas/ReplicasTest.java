package io.codexlb.replicas;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.codexlb.CodexLbApplication;
import io.codexlb.account.AccessTokens;
import io.codexlb.account.Account;
import io.codexlb.account.AccountService;
import io.codexlb.account.AuthJson;
import io.codexlb.support.Http;
import io.codexlb.support.Postgres;
import io.codexlb.support.ServiceArguments;
import io.codexlb.support.TestJwts;
import io.codexlb.support.UpstreamStandIn;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two service instances sharing one real PostgreSQL database behave as one service: keys,
 * key changes, the catalog, and who calls the upstream.
 */
class ReplicasTest {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final String ADMIN_KEY = "sk-clb-" + "a".repeat(43);

	private static final String ENCRYPTION_KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

	@TempDir(cleanup = CleanupMode.ON_SUCCESS)
	Path workDir;

	private final UpstreamStandIn upstream = new UpstreamStandIn().start();

	private final List<ConfigurableApplicationContext> instances = new ArrayList<>();

	@AfterEach
	void stop() {
		this.instances.forEach(ConfigurableApplicationContext::close);
		this.upstream.stop();
	}

	@Test
	void keysShouldWorkOnEveryReplicaAndChangesReachTheOthersWithinTwoSeconds() {
		String database = Postgres.freshDatabase();
		ConfigurableApplicationContext a = start(database, "a", "1h");
		ConfigurableApplicationContext b = start(database, "b", "1h");
		HttpResponse<byte[]> created = Http.of(a)
			.json("POST", "/api/api-keys", ADMIN_KEY, "{\"name\":\"shared-" + UUID.randomUUID() + "\"}");
		JsonNode key = json.readTree(created.body());
		String plaintext = key.get("key").asString();
		assertThat(Http.of(b).get("/v1/models", plaintext).statusCode()).isEqualTo(200);

		HttpResponse<byte[]> disabled = Http.of(a)
			.json("PATCH", "/api/api-keys/" + key.get("id").asString(), ADMIN_KEY, "{\"is_active\":false}");
		assertThat(disabled.statusCode()).isEqualTo(200);
		long started = System.nanoTime();
		// the change poll runs every second: the 2 s it takes at most on a quiet machine
		// is
		// in the cluster script's report, not a bound here
		await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> Http.of(b).get("/v1/models", plaintext).statusCode() == 401);
		System.out.printf("a disabled key was refused by the other replica after %d ms%n",
				(System.nanoTime() - started) / 1_000_000);
		assertThat(Http.of(a).get("/v1/models", plaintext).statusCode()).isEqualTo(401);
	}

	@Test
	void keyBoundToAnAccountShouldListItsModelsOnEveryReplicaAndARebindingReachTheOther() {
		String database = Postgres.freshDatabase();
		String accessA = TestJwts.accessToken("bound-a", Instant.now().plusSeconds(3600));
		String accessB = TestJwts.accessToken("bound-b", Instant.now().plusSeconds(3600));
		this.upstream.models(accessA, UpstreamStandIn.json(200,
				"{\"models\":[{\"slug\":\"bound-a-model\",\"priority\":1},{\"slug\":\"bound-shared\",\"priority\":2}]}"));
		this.upstream.models(accessB, UpstreamStandIn.json(200,
				"{\"models\":[{\"slug\":\"bound-b-model\",\"priority\":3},{\"slug\":\"bound-shared\",\"priority\":2}]}"));
		ConfigurableApplicationContext a = start(database, "a", "1h");
		ConfigurableApplicationContext b = start(database, "b", "1h");
		String idA = addAccount(a, "bound-a", accessA);
		String idB = addAccount(a, "bound-b", accessB);
		await().atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> ids(b, ADMIN_KEY).containsAll(List.of("bound-a-model", "bound-b-model", "bound-shared")));
		JsonNode key = json.readTree(Http.of(a)
			.json("POST", "/api/api-keys", ADMIN_KEY,
					"{\"name\":\"bound-" + UUID.randomUUID() + "\",\"account_ids\":[\"" + idA + "\"]}")
			.body());
		String plaintext = key.get("key").asString();
		assertThat(ids(b, plaintext)).containsExactlyInAnyOrder("bound-a-model", "bound-shared");

		HttpResponse<byte[]> rebound = Http.of(a)
			.json("PATCH", "/api/api-keys/" + key.get("id").asString(), ADMIN_KEY,
					"{\"account_ids\":[\"" + idB + "\"]}");
		assertThat(rebound.statusCode()).isEqualTo(200);
		assertThat(ids(a, plaintext)).containsExactlyInAnyOrder("bound-b-model", "bound-shared");
		long started = System.nanoTime();
		// the change poll runs every second; how long it takes is reported, not bounded
		await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> ids(b, plaintext).equals(List.of("bound-shared", "bound-b-model")));
		System.out.printf("a key's new account binding was enforced by the other replica after %d ms%n",
				(System.nanoTime() - started) / 1_000_000);
	}

	private static String addAccount(ConfigurableApplicationContext instance, String tag, String access) {
		HttpResponse<byte[]> added = Http.of(instance)
			.json("POST", "/api/accounts", ADMIN_KEY, TestJwts.authJson("acct-" + tag, access, "refresh-" + tag,
					TestJwts.idToken("user-" + tag, tag + "@example.com", "pro")));
		assertThat(added.statusCode()).isEqualTo(201);
		return json.readTree(added.body()).get("id").asString();
	}

	private static List<String> ids(ConfigurableApplicationContext instance, String key) {
		List<String> ids = new ArrayList<>();
		json.readTree(Http.of(instance).get("/v1/models", key).body())
			.get("data")
			.forEach((model) -> ids.add(model.get("id").asString()));
		return ids;
	}

	@Test
	void catalogRefreshedByTheLockHolderShouldBeServedByTheOtherAndUpstreamCalledOncePerInterval() throws Exception {
		String database = Postgres.freshDatabase();
		String access = TestJwts.accessToken("replicas", Instant.now().plusSeconds(3600));
		this.upstream.models(access, UpstreamStandIn.json(200,
				"{\"models\":[{\"slug\":\"replicated-model\",\"display_name\":\"Replicated\",\"priority\":2}]}"));
		ConfigurableApplicationContext a = start(database, "a", "2s");
		ConfigurableApplicationContext b = start(database, "b", "2s");
		HttpResponse<byte[]> added = Http.of(a)
			.json("POST", "/api/accounts", ADMIN_KEY, TestJwts.authJson("acct-replicas", access, "refresh-replicas",
					TestJwts.idToken("user-replicas", "replicas@example.com", "pro")));
		assertThat(added.statusCode()).isEqualTo(201);
		long started = System.nanoTime();
		await().atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> Http.text(Http.of(a).get("/v1/models", ADMIN_KEY)).contains("replicated-model")
					&& Http.text(Http.of(b).get("/v1/models", ADMIN_KEY)).contains("replicated-model"));
		System.out.printf("both replicas served the refreshed catalog after %d ms%n",
				(System.nanoTime() - started) / 1_000_000);

		// scheduled rounds: a replica skips the round that the other ran in this
		// interval, and every round that ran made one upstream call (one account).
		// Counted
		// over eight scheduled attempts, however long they take on this machine
		this.upstream.server().resetRequests();
		double ranBefore = rounds(a, "ran") + rounds(b, "ran");
		double attemptsBefore = scheduledAttempts(a) + scheduledAttempts(b);
		await().atMost(Duration.ofSeconds(120))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> scheduledAttempts(a) + scheduledAttempts(b) - attemptsBefore >= 8);
		double ran = rounds(a, "ran") + rounds(b, "ran") - ranBefore;
		double skipped = rounds(a, "skipped") + rounds(b, "skipped");
		System.out.printf("scheduled rounds on two replicas with a 2 s interval: %.0f ran, %.0f skipped%n", ran,
				skipped);
		// without the lock both replicas would run every attempt and skip none
		assertThat(skipped).isPositive();
		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> assertThat(
					this.upstream.server().findAll(getRequestedFor(urlPathEqualTo(UpstreamStandIn.MODELS_PATH))).size())
				.isGreaterThanOrEqualTo((int) ran));
		List<LoggedRequest> calls = this.upstream.server()
			.findAll(getRequestedFor(urlPathEqualTo(UpstreamStandIn.MODELS_PATH)));
		// one more: a round counted just before the reset may have called just after it
		assertThat(calls.size()).as("upstream calls against rounds that ran")
			.isLessThanOrEqualTo((int) (rounds(a, "ran") + rounds(b, "ran") - ranBefore) + 1);
		assertThat(Http.text(Http.of(b).get("/v1/models", ADMIN_KEY)))
			.isEqualTo(Http.text(Http.of(a).get("/v1/models", ADMIN_KEY)));
	}

	@Test
	void tokenRefreshShouldHappenOnceWhenBothReplicasWantIt() throws Exception {
		String database = Postgres.freshDatabase();
		String expired = TestJwts.accessToken("expired", Instant.now().minusSeconds(60));
		String fresh = TestJwts.accessToken("fresh", Instant.now().plusSeconds(3600));
		this.upstream.tokenRefresh("refresh-once",
				UpstreamStandIn.json(200, "{\"access_token\":\"" + fresh + "\",\"refresh_token\":\"refresh-twice\"}")
					.withFixedDelay(500));
		ConfigurableApplicationContext a = start(database, "a", "1h");
		ConfigurableApplicationContext b = start(database, "b", "1h");
		Account account = a.getBean(AccountService.class)
			.add(new AuthJson(expired, "refresh-once", null, "acct-once", null), "once")
			.account();
		CountDownLatch go = new CountDownLatch(1);
		List<CompletableFuture<String>> tokens = new ArrayList<>();
		for (ConfigurableApplicationContext instance : List.of(a, b)) {
			AccessTokens accessTokens = instance.getBean(AccessTokens.class);
			tokens.add(CompletableFuture.supplyAsync(() -> {
				try {
					go.await();
					return accessTokens.accessToken(account);
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
			}));
		}
		go.countDown();
		assertThat(tokens.get(0).get()).isEqualTo(fresh);
		assertThat(tokens.get(1).get()).isEqualTo(fresh);
		this.upstream.server().verify(1, postRequestedFor(urlPathEqualTo(UpstreamStandIn.TOKEN_PATH)));
	}

	private static double rounds(ConfigurableApplicationContext instance, String outcome) {
		Counter counter = instance.getBean(MeterRegistry.class)
			.find("codex_lb_catalog_rounds")
			.tag("trigger", "scheduled")
			.tag("outcome", outcome)
			.counter();
		return (counter != null) ? counter.count() : 0;
	}

	private static double scheduledAttempts(ConfigurableApplicationContext instance) {
		return rounds(instance, "ran") + rounds(instance, "skipped") + rounds(instance, "followed");
	}

	private ConfigurableApplicationContext start(String database, String name, String refreshInterval) {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(CodexLbApplication.class)
			.run(ServiceArguments.onLoopback()
				.dataDir(this.workDir.resolve(name))
				.postgres(database)
				.with("codex-lb.admin-key", ADMIN_KEY)
				.with("codex-lb.encryption-key", ENCRYPTION_KEY)
				.upstream(this.upstream)
				.with("codex-lb.catalog.refresh-interval", refreshInterval)
				.with("codex-lb.catalog.follow-interval", "1s")
				.toArray());
		this.instances.add(context);
		return context;
	}

}
