package io.codexlb.catalog;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.codexlb.support.ErrorEnvelopes;
import io.codexlb.support.Golden;
import io.codexlb.support.Http;
import io.codexlb.support.MutableClock;
import io.codexlb.support.ServerTestSupport;
import io.codexlb.support.TestJwts;
import io.codexlb.support.UpstreamStandIn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The catalog fed by accounts, against a real HTTP stand-in for the ChatGPT backend and
 * its OAuth server.
 */
@ExtendWith(OutputCaptureExtension.class)
@TestPropertySource(properties = { "codex-lb.upstream.connect-timeout=5s", "codex-lb.upstream.read-timeout=5s",
		"codex-lb.upstream.max-response-size=256KB", "codex-lb.catalog.refresh-interval=1h",
		"codex-lb.catalog.overrides[up-override].priority=77",
		"codex-lb.catalog.overrides[up-override].display-name=Operator's Choice",
		"codex-lb.catalog.overrides[up-hidden].hidden=true" })
class UpstreamCatalogTest extends ServerTestSupport {

	private static final UpstreamStandIn upstream = new UpstreamStandIn().start();

	private static final Instant IN_ONE_HOUR = MutableClock.START.plus(Duration.ofHours(1));

	@Autowired
	private JdbcClient jdbc;

	@LocalManagementPort
	private int managementPort;

	private final List<String> secrets = new ArrayList<>();

	private static final java.nio.file.Path ownDataDir = newDataDir();

	@DynamicPropertySource
	static void upstreamUrls(DynamicPropertyRegistry registry) {
		registry.add("test.data-dir", ownDataDir::toString);
		registry.add("codex-lb.upstream.base-url", upstream::baseUrl);
		registry.add("codex-lb.upstream.auth-base-url", upstream::authBaseUrl);
	}

	@AfterAll
	static void stopUpstream() {
		upstream.stop();
	}

	@BeforeEach
	void removeAccounts() {
		upstream.start();
		upstream.server().resetAll();
		this.clock.reset();
		for (JsonNode account : body(http().get("/api/accounts", adminKey())).get("data")) {
			HttpResponse<byte[]> deleted = http().send(http().request("/api/accounts/" + account.get("id").asString())
				.header("Authorization", "Bearer " + adminKey())
				.DELETE()
				.build());
			assertThat(deleted.statusCode()).isEqualTo(200);
		}
		assertThat(refresh().get("source").asString()).isEqualTo("bootstrap");
	}

	@Test
	void refreshWhenTwoAccountsShouldServeTheUnionWithTheFirstAddedAccountWinning() {
		Login first = login("first");
		Login second = login("second");
		upstream.models(first.accessToken, UpstreamStandIn.json(200,
				models(entry("up-shared", 3, "From the first account"), entry("up-a", 1, "A"))));
		upstream.models(second.accessToken, UpstreamStandIn.json(200,
				models(entry("up-b", 2, "B"), entry("up-shared", 9, "From the second account"))));
		String firstId = add(first);
		this.clock.advance(Duration.ofSeconds(1));
		String secondId = add(second);
		JsonNode status = refresh();
		assertThat(status.get("source").asString()).isEqualTo("upstream");
		assertThat(status.get("version").asLong()).isPositive();
		assertThat(ids()).containsExactly("up-a", "up-b", "up-shared");
		JsonNode shared = model("up-shared");
		assertThat(shared.get("metadata").get("description").asString()).isEqualTo("From the first account");
		assertThat(shared.get("metadata").get("priority").asInt()).isEqualTo(97);
		assertThat(advertisedBy(status, "up-shared")).containsExactly(firstId, secondId);
		assertThat(advertisedBy(status, "up-b")).containsExactly(secondId);
		for (JsonNode account : status.get("accounts")) {
			assertThat(account.get("last_error").isNull()).isTrue();
			assertThat(account.get("last_success_at").asString()).isEqualTo(this.clock.instant().toString());
		}
		// the order the fetches finish in does not matter: the first-added account still
		// wins
		upstream.models(second.accessToken, UpstreamStandIn.json(200,
				models(entry("up-b", 2, "B"), entry("up-shared", 9, "From the second account, again"))));
		refresh();
		assertThat(model("up-shared").get("metadata").get("description").asString())
			.isEqualTo("From the first account");
	}

	@Test
	void refreshWhenAccessTokenRejectedShouldRefreshRetryAndStoreTheRotatedRefreshToken() {
		Login login = login("rotating");
		String secondAccess = TestJwts.accessToken("rotating-2", IN_ONE_HOUR);
		String thirdAccess = TestJwts.accessToken("rotating-3", IN_ONE_HOUR);
		secrets(secondAccess, thirdAccess, "refresh-rotating-2", "refresh-rotating-3");
		upstream.models(login.accessToken, UpstreamStandIn.json(401, "{\"detail\":\"expired\"}"));
		upstream.tokenRefresh(login.refreshToken, UpstreamStandIn.json(200,
				"{\"access_token\":\"" + secondAccess + "\",\"refresh_token\":\"refresh-rotating-2\"}"));
		upstream.models(secondAccess, UpstreamStandIn.json(200, models(entry("up-rotated", 4, "Rotated"))));
		add(login);
		refresh();
		assertThat(ids()).containsExactly("up-rotated");
		upstream.server().verify(1, postRequestedFor(urlPathEqualTo(UpstreamStandIn.TOKEN_PATH)));

		// the second access token is refused too: the refresh must now send the rotated
		// refresh token
		upstream.models(secondAccess, UpstreamStandIn.json(401, "{}"));
		upstream.tokenRefresh("refresh-rotating-2", UpstreamStandIn.json(200,
				"{\"access_token\":\"" + thirdAccess + "\",\"refresh_token\":\"refresh-rotating-3\"}"));
		upstream.models(thirdAccess, UpstreamStandIn.json(200, models(entry("up-rotated", 4, "Rotated again"))));
		refresh();
		assertThat(model("up-rotated").get("metadata").get("description").asString()).isEqualTo("Rotated again");
		List<LoggedRequest> refreshes = upstream.server()
			.findAll(postRequestedFor(urlPathEqualTo(UpstreamStandIn.TOKEN_PATH)));
		assertThat(refreshes).hasSize(2);
		assertThat(refreshes.get(0).getBodyAsString()).contains("\"refresh_token\":\"" + login.refreshToken + "\"")
			.contains("\"grant_type\":\"refresh_token\"")
			.contains("\"client_id\":\"app_EMoamEEZ73f0CkXaXp7hrann\"");
		assertThat(refreshes.get(1).getBodyAsString()).contains("\"refresh_token\":\"refresh-rotating-2\"");
	}

	@Test
	void refreshWhenAccessTokenAboutToExpireShouldRefreshItFirst() {
		Login login = new Login("expiring", TestJwts.accessToken("expiring", MutableClock.START.plusSeconds(60)),
				"refresh-expiring");
		secrets(login.accessToken, login.refreshToken);
		String fresh = TestJwts.accessToken("expiring-2", IN_ONE_HOUR);
		upstream.tokenRefresh(login.refreshToken,
				UpstreamStandIn.json(200, "{\"access_token\":\"" + fresh + "\",\"refresh_token\":\"refresh-exp-2\"}"));
		upstream.models(fresh, UpstreamStandIn.json(200, models(entry("up-fresh", 1, "Fresh"))));
		add(login);
		refresh();
		assertThat(ids()).containsExactly("up-fresh");
		upstream.server()
			.verify(0, getRequestedFor(urlPathEqualTo(UpstreamStandIn.MODELS_PATH)).withHeader("Authorization",
					com.github.tomakehurst.wiremock.client.WireMock.equalTo("Bearer " + login.accessToken)));
	}

	@Test
	void refreshWhenEarlyTokenRefreshFailsShouldStillFetchWithTheCurrentToken() {
		Login login = new Login("early", TestJwts.accessToken("early", MutableClock.START.plusSeconds(60)),
				"refresh-early");
		secrets(login.accessToken, login.refreshToken);
		upstream.tokenRefresh(login.refreshToken, UpstreamStandIn.json(503, "{}"));
		upstream.models(login.accessToken, UpstreamStandIn.json(200, models(entry("up-early", 1, "Early"))));
		String id = add(login);
		JsonNode status = refresh();
		assertThat(ids()).containsExactly("up-early");
		assertThat(accountState(status, id).get("last_error").isNull()).isTrue();
		// once expired, a failed refresh is a failed fetch
		this.clock.advance(Duration.ofSeconds(61));
		JsonNode expired = refresh();
		assertThat(accountState(expired, id).get("last_error").asString()).contains("token refresh failed");
		assertThat(ids()).containsExactly("up-early");
	}

	@Test
	void refreshWhenTokenEndpointAnswersAHugeBodyShouldFailThatRefreshAndKeepTheCatalog() {
		Login login = new Login("huge-token", TestJwts.accessToken("huge-token", MutableClock.START.plusSeconds(60)),
				"refresh-huge-token");
		secrets(login.accessToken, login.refreshToken);
		upstream.tokenRefresh(login.refreshToken, UpstreamStandIn.json(200,
				"{\"access_token\":\"" + "a".repeat(2 * 1024 * 1024) + "\",\"refresh_token\":\"r\"}"));
		upstream.models(login.accessToken, UpstreamStandIn.json(200, models(entry("up-huge-token", 1, "Kept"))));
		String id = add(login);
		refresh();
		assertThat(ids()).containsExactly("up-huge-token");
		this.clock.advance(Duration.ofSeconds(61));
		JsonNode status = refresh();
		assertThat(accountState(status, id).get("last_error").asString()).contains("token refresh failed")
			.contains("larger than 1048576 bytes");
		assertThat(http().get("/v1/models", adminKey()).statusCode()).isEqualTo(200);
		assertThat(ids()).containsExactly("up-huge-token");
	}

	@Test
	void refreshWhenRefreshTokenRefusedShouldMarkReauthRequiredAndStopUsingTheAccount() {
		Login login = login("refused");
		upstream.models(login.accessToken, UpstreamStandIn.json(200, models(entry("up-kept", 1, "Kept"))));
		String id = add(login);
		refresh();
		upstream.models(login.accessToken, UpstreamStandIn.json(401, "{}"));
		upstream.tokenRefresh(login.refreshToken,
				UpstreamStandIn.json(400, "{\"error\":\"invalid_grant\",\"error_description\":\"token "
						+ login.refreshToken + " was revoked\"}"));
		JsonNode status = refresh();
		JsonNode account = body(http().get("/api/accounts/" + id, adminKey()));
		assertThat(account.get("status").asString()).isEqualTo("reauth_required");
		assertThat(account.get("status_reason").asString()).contains("invalid_grant")
			.doesNotContain(login.refreshToken);
		assertThat(status.get("accounts").get(0).get("status").asString()).isEqualTo("reauth_required");
		// its last good list stays until it is older than the maximum age
		assertThat(ids()).containsExactly("up-kept");
		refresh();
		refresh();
		upstream.server().verify(1, postRequestedFor(urlPathEqualTo(UpstreamStandIn.TOKEN_PATH)));

		// a new login of the same account makes it active again
		Login again = new Login("refused", TestJwts.accessToken("refused-again", IN_ONE_HOUR), "refresh-again");
		secrets(again.accessToken, again.refreshToken);
		upstream.models(again.accessToken, UpstreamStandIn.json(200, models(entry("up-back", 1, "Back"))));
		HttpResponse<byte[]> readded = http().json("POST", "/api/accounts", adminKey(), again.authJson());
		assertThat(readded.statusCode()).isEqualTo(200);
		assertThat(body(readded).get("status").asString()).isEqualTo("active");
		refresh();
		assertThat(ids()).containsExactly("up-back");
	}

	@Test
	void refreshWhenFetchFailsShouldKeepTheLastGoodCatalog() {
		Login failing = login("failing");
		Login steady = login("steady");
		upstream.models(failing.accessToken, UpstreamStandIn.json(200,
				models(entry("up-f1", 1, "F1"), "{\"display_name\":\"no slug\"}", entry("up-f2", 2, "F2"))));
		upstream.models(steady.accessToken, UpstreamStandIn.json(200, models(entry("up-s", 3, "S"))));
		String failingId = add(failing);
		add(steady);
		refresh();
		List<String> good = ids();
		assertThat(good).containsExactly("up-f1", "up-f2", "up-s");
		byte[] goodBody = http().get("/v1/models", adminKey()).body();

		List<Failure> failures = List
			.of(new Failure("HTTP 503",
					() -> upstream.models(failing.accessToken,
							UpstreamStandIn.json(503, "{\"detail\":\"overloaded\"}"))),
					new Failure("not valid JSON",
							() -> upstream.models(failing.accessToken, UpstreamStandIn.json(200, "{\"models\":[{"))),
					new Failure("no \"models\" array",
							() -> upstream.models(failing.accessToken, UpstreamStandIn.json(200, "{\"data\":[]}"))),
					new Failure("has a slug",
							() -> upstream.models(failing.accessToken,
									UpstreamStandIn.json(200, "{\"models\":[{\"display_name\":\"x\"},{\"slug\":7}]}"))),
					new Failure("I/O error",
							() -> upstream.models(failing.accessToken,
									aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER))),
					new Failure("response larger than 262144 bytes",
							() -> upstream
								.models(failing.accessToken,
										UpstreamStandIn.json(200,
												models(entry("up-huge", 1, "x".repeat(300 * 1024)),
														entry("up-f1", 1, "F1"))))),
					new Failure("response larger than 262144 bytes",
							() -> upstream.models(failing.accessToken,
									UpstreamStandIn.json(200, models(entry("up-huge", 1, "x".repeat(300 * 1024))))
										.withChunkedDribbleDelay(4, 100))),
					new Failure("timed out", () -> upstream.models(failing.accessToken,
							UpstreamStandIn.json(200, models(entry("up-late", 1, "late"))).withFixedDelay(15_000))));
		for (Failure failure : failures) {
			failure.stub().run();
			// the round ends however the call fails: a timeout is the read timeout's,
			// told
			// by the reason, not measured here
			JsonNode status = refresh();
			assertThat(http().get("/v1/models", adminKey()).body()).as(failure.reason()).isEqualTo(goodBody);
			JsonNode account = accountState(status, failingId);
			assertThat(account.get("last_error").asString()).as(failure.reason()).contains(failure.reason());
			assertThat(account.get("last_success_at").asString()).isEqualTo(MutableClock.START.toString());
			assertThat(account.get("model_count").asInt()).isEqualTo(2);
		}
		upstream.stop();
		JsonNode status = refresh();
		assertThat(accountState(status, failingId).get("last_error").asString()).contains("connection refused");
		assertThat(http().get("/v1/models", adminKey()).body()).isEqualTo(goodBody);
	}

	@Test
	void refreshWhenListOlderThanMaxAgeShouldDropThatAccount() {
		Instant inAMonth = MutableClock.START.plus(Duration.ofDays(30));
		Login stale = login("stale", inAMonth);
		Login fresh = login("fresh", inAMonth);
		upstream.models(stale.accessToken, UpstreamStandIn.json(200, models(entry("up-stale", 1, "Stale"))));
		upstream.models(fresh.accessToken, UpstreamStandIn.json(200, models(entry("up-fresh", 2, "Fresh"))));
		String staleId = add(stale);
		add(fresh);
		refresh();
		assertThat(ids()).containsExactly("up-stale", "up-fresh");
		upstream.models(stale.accessToken, UpstreamStandIn.json(500, "{}"));
		this.clock.advance(Duration.ofHours(23));
		refresh();
		assertThat(ids()).containsExactly("up-stale", "up-fresh");
		this.clock.advance(Duration.ofHours(1).plusSeconds(1));
		JsonNode status = refresh();
		assertThat(ids()).containsExactly("up-fresh");
		assertThat(accountState(status, staleId).get("stale").asBoolean()).isTrue();
	}

	@Test
	void overridesShouldChangePriorityAndNameAndHideModels() {
		Login login = login("overrides");
		upstream.models(login.accessToken, UpstreamStandIn.json(200, models(entry("up-override", 50, "Overridden"),
				entry("up-hidden", 1, "Hidden"), entry("up-plain", 10, "Plain"))));
		add(login);
		refresh();
		assertThat(ids()).containsExactly("up-plain", "up-override");
		JsonNode overridden = model("up-override");
		assertThat(overridden.get("metadata").get("priority").asInt()).isEqualTo(77);
		assertThat(overridden.get("metadata").get("display_name").asString()).isEqualTo("Operator's Choice");
		assertThat(http().get("/v1/models/up-hidden", adminKey()).statusCode()).isEqualTo(404);
		JsonNode codex = body(http().get("/backend-api/codex/models?client_version=0.169.0", adminKey()));
		for (JsonNode entry : codex.get("models")) {
			if (entry.get("slug").asString().equals("up-hidden")) {
				assertThat(entry.get("visibility").asString()).isEqualTo("hide");
			}
			if (entry.get("slug").asString().equals("up-override")) {
				// the Codex entry keeps the upstream's own priority
				assertThat(entry.get("priority").asInt()).isEqualTo(50);
				assertThat(entry.get("display_name").asString()).isEqualTo("Operator's Choice");
			}
		}
	}

	@Test
	void upstreamFedCatalogShouldMatchGoldenAndKeepUnknownFieldsForCodexClients() {
		Login login = login("golden");
		upstream.models(login.accessToken, UpstreamStandIn.json(200,
				"""
						{"models":[
						 {"slug":"up-golden","display_name":"Up Golden","description":"Upstream-fed","priority":2,
						  "created":1750000000,"visibility":"list","supported_in_api":true,"shell_type":"unified_exec",
						  "context_window":400000,"input_modalities":["text","image"],
						  "supported_reasoning_levels":[{"effort":"high","description":"Deep"}],"default_reasoning_level":"high",
						  "support_verbosity":true,"default_verbosity":"medium","supports_parallel_tool_calls":true,
						  "truncation_policy":{"mode":"tokens","limit":20000},"experimental_supported_tools":[],
						  "base_instructions":"Be brief.","service_tiers":[{"id":"priority","name":"Fast"}],
						  "reasoning_summary_format":"experimental"},
						 {"slug":"up-golden-mini","display_name":"Up Golden Mini","priority":8,"created":1750000001}
						]}
						"""));
		add(login);
		refresh();
		Golden.assertMatches("models-upstream.json", http().get("/backend-api/codex/models", adminKey()).body());
		Golden.assertMatches("models-upstream-codex.json",
				http().get("/backend-api/codex/models?client_version=0.169.0", adminKey()).body());
	}

	@Test
	void upstreamShouldReceiveTheCodexCliHeadersAndNoTokenInTheUrl() {
		Login login = login("headers");
		upstream.models(login.accessToken, UpstreamStandIn.json(200, models(entry("up-h", 1, "H"))));
		add(login);
		refresh();
		List<LoggedRequest> requests = upstream.server()
			.findAll(getRequestedFor(urlPathEqualTo(UpstreamStandIn.MODELS_PATH)).withHeader("chatgpt-account-id",
					com.github.tomakehurst.wiremock.client.WireMock.equalTo("acct-headers")));
		assertThat(requests).isNotEmpty();
		for (LoggedRequest request : requests) {
			assertRequestLikeTheCodexCli(request, login);
		}
	}

	private static void assertRequestLikeTheCodexCli(LoggedRequest request, Login login) {
		assertThat(request.getUrl()).isEqualTo("/backend-api/codex/models?client_version=0.169.0");
		assertThat(request.getHeader("Authorization")).isEqualTo("Bearer " + login.accessToken);
		assertThat(request.getHeader("chatgpt-account-id")).isEqualTo("acct-headers");
		assertThat(request.getHeader("Accept")).isEqualTo("application/json");
		assertThat(request.getHeader("originator")).isEqualTo("codex_cli_rs");
		assertThat(request.getHeader("User-Agent")).isEqualTo("codex_cli_rs/0.169.0 (codex-lb)");
	}

	@Test
	void tokensShouldBeEncryptedAtRestAndNeverShownOrLogged(CapturedOutput output) {
		Login login = login("secret");
		upstream.models(login.accessToken, UpstreamStandIn.json(401, "{}"));
		upstream.tokenRefresh(login.refreshToken, UpstreamStandIn.json(400,
				"{\"error\":\"invalid_grant\",\"error_description\":\"" + login.refreshToken + "\"}"));
		String id = add(login);
		refresh();
		List<String> stored = this.jdbc
			.sql("SELECT access_token || ' ' || refresh_token || ' ' || id_token FROM accounts WHERE id = ?")
			.param(id)
			.query(String.class)
			.list();
		assertThat(stored).hasSize(1);
		assertThat(stored.get(0)).startsWith("v1:")
			.doesNotContain(login.accessToken)
			.doesNotContain(login.refreshToken);
		List<String> bodies = List.of(Http.text(http().get("/api/accounts", adminKey())),
				Http.text(http().get("/api/accounts/" + id, adminKey())),
				Http.text(http().get("/api/catalog", adminKey())),
				Http.text(http().json("POST", "/api/accounts", adminKey(), login.authJson())),
				Http.text(http().json("POST", "/api/accounts", adminKey(),
						login.authJson().replace("\"account_id\"", "\"account_idx\""))));
		String metrics = Http.text(new Http(this.managementPort)
			.send(new Http(this.managementPort).request("/actuator/prometheus").build()));
		assertThat(metrics)
			.contains("codex_lb_catalog_refreshes_total{account=\"" + id + "\",outcome=\"reauth_required\"}")
			.contains("codex_lb_catalog_models ")
			.contains("codex_lb_catalog_age_seconds ");
		for (String secret : this.secrets) {
			assertThat(output.getAll()).doesNotContain(secret);
			assertThat(metrics).doesNotContain(secret);
			bodies.forEach((body) -> assertThat(body).doesNotContain(secret));
		}
	}

	@Test
	void addWhenAuthJsonInvalidShouldBe400NamingTheFieldAndStoreNothing() {
		Login login = login("invalid");
		int before = body(http().get("/api/accounts", adminKey())).get("data").size();
		for (String[] invalid : new String[][] { { "{}", "tokens" },
				{ "{\"tokens\":{\"access_token\":\"a\",\"refresh_token\":\"r\"}}", "tokens.account_id" },
				{ "{\"tokens\":{\"access_token\":7,\"refresh_token\":\"r\",\"account_id\":\"x\"}}",
						"tokens.access_token" },
				{ "{\"tokens\":{\"access_token\":\"has space\",\"refresh_token\":\"r\",\"account_id\":\"x\"}}",
						"tokens.access_token" },
				{ login.authJson().replace("{\"OPENAI_API_KEY\":null,", "{\"name\":\"\",\"OPENAI_API_KEY\":null,"),
						"name" },
				{ login.authJson().replace("2026-01-15T09:00:00Z", "yesterday"), "last_refresh" },
				{ login.authJson().replace("2026-01-15T09:00:00Z", "+20000-01-01T00:00:00Z"), "last_refresh" },
				{ login.authJson().replace("acct-invalid", "a".repeat(201)), "tokens.account_id" } }) {
			HttpResponse<byte[]> response = http().json("POST", "/api/accounts", adminKey(), invalid[0]);
			assertThat(response.statusCode()).as(invalid[0]).isEqualTo(400);
			assertThat(body(response).get("error").get("param").asString()).as(invalid[0]).isEqualTo(invalid[1]);
		}
		assertThat(body(http().get("/api/accounts", adminKey())).get("data").size()).isEqualTo(before);
	}

	@Test
	void accountRequestsWhenMalformedShouldBe400Or413AndStoreNothing() {
		Login login = login("bad-input");
		int before = accountCount();
		String[][] invalid = { { "{", null }, { "[]", null }, { "\"auth\"", null }, { "null", null }, { "42", null },
				{ "{\"tokens\":{},\"tokens\":{}}", null }, { "{\"tokens\":\"x\"}", "tokens" },
				{ "{\"tokens\":[]}", "tokens" },
				{ login.authJson().replace("\"acct-bad-input\"", "7"), "tokens.account_id" },
				{ login.authJson().replace("\"refresh-bad-input\"", "{}"), "tokens.refresh_token" },
				{ login.authJson().replace("\"refresh-bad-input\"", "\"a\\u0000b\""), "tokens.refresh_token" },
				{ login.authJson().replace("\"refresh-bad-input\"", "\"" + "r".repeat(14_001) + "\""),
						"tokens.refresh_token" },
				{ login.authJson().replace("\"2026-01-15T09:00:00Z\"", "true"), "last_refresh" },
				{ login.authJson().replace("\"2026-01-15T09:00:00Z\"", "\"2026-13-45T99:00:00Z\""), "last_refresh" },
				{ login.authJson().replace("{\"OPENAI_API_KEY\":null,", "{\"name\":42,"), "name" },
				{ login.authJson().replace("{\"OPENAI_API_KEY\":null,", "{\"name\":\"" + "n".repeat(101) + "\","),
						"name" },
				{ login.authJson().replace("{\"OPENAI_API_KEY\":null,", "{\"name\":\"bell\\u0007\","), "name" } };
		for (String[] request : invalid) {
			HttpResponse<byte[]> response = http().json("POST", "/api/accounts", adminKey(), request[0]);
			String described = (request[0].length() > 80) ? request[0].substring(0, 80) + "..." : request[0];
			assertThat(response.statusCode()).as(described).isEqualTo(400);
			JsonNode error = ErrorEnvelopes.assertEnvelope(response.headers().map(), response.body());
			if (request[1] != null) {
				assertThat(error.get("param").asString()).as(described).isEqualTo(request[1]);
			}
		}
		HttpResponse<byte[]> huge = http().json("POST", "/api/accounts", adminKey(),
				login.authJson().replace("{\"OPENAI_API_KEY\":null,", "{\"pad\":\"" + "x".repeat(70_000) + "\","));
		assertThat(huge.statusCode()).isEqualTo(413);
		ErrorEnvelopes.assertEnvelope(huge.headers().map(), huge.body());
		assertThat(accountCount()).isEqualTo(before);
	}

	@Test
	void accountNameTakenOrPatchMalformedShouldBe400AndChangeNothing() {
		Login first = login("named-first");
		Login second = login("named-second");
		String id = body(http().json("POST", "/api/accounts", adminKey(),
				first.authJson().replace("{\"OPENAI_API_KEY\":null,", "{\"name\":\"team-dup\",")))
			.get("id")
			.asString();
		int before = accountCount();
		HttpResponse<byte[]> duplicate = http().json("POST", "/api/accounts", adminKey(),
				second.authJson().replace("{\"OPENAI_API_KEY\":null,", "{\"name\":\"team-dup\","));
		assertThat(duplicate.statusCode()).isEqualTo(400);
		assertThat(body(duplicate).get("error").get("param").asString()).isEqualTo("name");
		assertThat(accountCount()).isEqualTo(before);
		JsonNode record = body(http().get("/api/accounts/" + id, adminKey()));
		String[][] invalid = { { "{\"foo\":1}", "foo" }, { "{\"name\":\"\"}", "name" }, { "{\"name\":null}", "name" },
				{ "{\"name\":[\"a\"]}", "name" }, { "{\"enabled\":null}", "enabled" },
				{ "{\"enabled\":\"true\"}", "enabled" }, { "{\"enabled\":1}", "enabled" }, { "[]", null },
				{ "{\"name\":\"a\",\"name\":\"b\"}", null }, { "{\"tokens\":{}}", "tokens" } };
		for (String[] request : invalid) {
			HttpResponse<byte[]> response = http().json("PATCH", "/api/accounts/" + id, adminKey(), request[0]);
			assertThat(response.statusCode()).as(request[0]).isEqualTo(400);
			JsonNode error = ErrorEnvelopes.assertEnvelope(response.headers().map(), response.body());
			if (request[1] != null) {
				assertThat(error.get("param").asString()).as(request[0]).isEqualTo(request[1]);
			}
		}
		HttpResponse<byte[]> huge = http().json("PATCH", "/api/accounts/" + id, adminKey(),
				"{\"name\":\"" + "n".repeat(70_000) + "\"}");
		assertThat(huge.statusCode()).isEqualTo(413);
		assertThat(body(http().get("/api/accounts/" + id, adminKey()))).isEqualTo(record);
	}

	private int accountCount() {
		return body(http().get("/api/accounts", adminKey())).get("data").size();
	}

	@Test
	void addShouldAcceptTheAuthJsonOfCurrentCodexCliVersionsWithFieldsItDoesNotUse() {
		Login login = login("current-cli");
		HttpResponse<byte[]> added = http().json("POST", "/api/accounts", adminKey(),
				login.authJson()
					.replace("{\"OPENAI_API_KEY\":null,", "{\"auth_mode\":\"chatgpt\",\"OPENAI_API_KEY\":null,")
					.replace("\"account_id\"", "\"future_token_field\":\"x\",\"account_id\""));
		assertThat(added.statusCode()).as(Http.text(added)).isEqualTo(201);
	}

	@Test
	void addWhenTokenClaimsAreOutOfRangeShouldTreatThemAsAbsent() {
		String huge = TestJwts.accessTokenWithClaims(java.util.Map.of("exp", Long.MAX_VALUE, "sub", "x".repeat(300)));
		secrets(huge);
		HttpResponse<byte[]> added = http().json("POST", "/api/accounts", adminKey(),
				TestJwts.authJson("acct-huge-exp", huge, "refresh-huge", null));
		assertThat(added.statusCode()).as(Http.text(added)).isEqualTo(201);
		assertThat(body(added).get("access_token_expires_at").isNull()).isTrue();
	}

	@Test
	void accountsShouldBeRenamedDisabledAndRemovedThroughTheAdminApi() {
		Login login = login("managed");
		upstream.models(login.accessToken, UpstreamStandIn.json(200, models(entry("up-managed", 1, "M"))));
		HttpResponse<byte[]> added = http().json("POST", "/api/accounts", adminKey(),
				login.authJson().replace("{\"OPENAI_API_KEY\":null,", "{\"name\":\"primary\","));
		assertThat(added.statusCode()).isEqualTo(201);
		JsonNode account = body(added);
		String id = account.get("id").asString();
		assertThat(account.get("name").asString()).isEqualTo("primary");
		assertThat(account.get("email").asString()).isEqualTo("managed@example.com");
		assertThat(account.get("plan_type").asString()).isEqualTo("pro");
		assertThat(account.get("access_token_expires_at").asString()).isEqualTo(IN_ONE_HOUR.toString());
		refresh();
		assertThat(ids()).containsExactly("up-managed");
		HttpResponse<byte[]> disabled = http().json("PATCH", "/api/accounts/" + id, adminKey(),
				"{\"enabled\":false,\"name\":\"spare\"}");
		assertThat(body(disabled).get("enabled").asBoolean()).isFalse();
		assertThat(body(disabled).get("name").asString()).isEqualTo("spare");
		JsonNode status = refresh();
		assertThat(status.get("source").asString()).isEqualTo("bootstrap");
		assertThat(http().json("PATCH", "/api/accounts/" + id, adminKey(), "{\"enabled\":\"no\"}").statusCode())
			.isEqualTo(400);
		assertThat(http().json("PATCH", "/api/accounts/" + id, adminKey(), "{\"tokens\":{}}").statusCode())
			.isEqualTo(400);
		assertThat(http().get("/api/accounts/nope", adminKey()).statusCode()).isEqualTo(404);
	}

	private void secrets(String... tokens) {
		for (String token : tokens) {
			this.secrets.add(TestJwts.secret(token));
		}
	}

	private Login login(String tag) {
		return login(tag, IN_ONE_HOUR);
	}

	private Login login(String tag, Instant accessTokenExpiresAt) {
		Login login = new Login(tag, TestJwts.accessToken(tag, accessTokenExpiresAt), "refresh-" + tag);
		secrets(login.accessToken, login.refreshToken);
		return login;
	}

	private String add(Login login) {
		HttpResponse<byte[]> response = http().json("POST", "/api/accounts", adminKey(), login.authJson());
		assertThat(response.statusCode()).as(Http.text(response)).isEqualTo(201);
		return body(response).get("id").asString();
	}

	private JsonNode refresh() {
		HttpResponse<byte[]> response = http().json("POST", "/api/catalog/refresh", adminKey(), "");
		assertThat(response.statusCode()).as(Http.text(response)).isEqualTo(200);
		return body(response);
	}

	private List<String> ids() {
		List<String> ids = new ArrayList<>();
		body(http().get("/v1/models", adminKey())).get("data").forEach((model) -> ids.add(model.get("id").asString()));
		return ids;
	}

	private JsonNode model(String id) {
		HttpResponse<byte[]> response = http().get("/v1/models/" + id, adminKey());
		assertThat(response.statusCode()).isEqualTo(200);
		return body(response);
	}

	private static List<String> advertisedBy(JsonNode status, String modelId) {
		List<String> accounts = new ArrayList<>();
		for (JsonNode model : status.get("models")) {
			if (model.get("id").asString().equals(modelId)) {
				model.get("advertised_by").forEach((account) -> accounts.add(account.asString()));
			}
		}
		return accounts;
	}

	private static JsonNode accountState(JsonNode status, String accountId) {
		for (JsonNode account : status.get("accounts")) {
			if (account.get("id").asString().equals(accountId)) {
				return account;
			}
		}
		throw new AssertionError("no account " + accountId);
	}

	private static String models(String... entries) {
		return "{\"models\":[" + String.join(",", entries) + "]}";
	}

	private static String entry(String slug, int priority, String description) {
		return """
				{"slug":"%s","display_name":"%s","description":"%s","priority":%d,"visibility":"list",
				 "supported_in_api":true,"shell_type":"default","created":1750000000,
				 "truncation_policy":{"mode":"tokens","limit":10000},"experimental_supported_tools":[],
				 "supported_reasoning_levels":[],"support_verbosity":false,"base_instructions":""}
				""".formatted(slug, slug.toUpperCase(), description, priority);
	}

	private record Login(String tag, String accessToken, String refreshToken) {

		String authJson() {
			return TestJwts.authJson("acct-" + this.tag, this.accessToken, this.refreshToken,
					TestJwts.idToken("user-" + this.tag, this.tag + "@example.com", "pro"));
		}

	}

	private record Failure(String reason, Runnable stub) {

	}

}
