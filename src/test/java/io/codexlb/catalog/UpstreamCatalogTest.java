package io.codexlb.catalog;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.codexlb.support.Golden;
import io.codexlb.support.Http;
import io.codexlb.support.MutableClock;
import io.codexlb.support.TestJwts;
import io.codexlb.support.UpstreamServerTestSupport;
import io.codexlb.support.UpstreamStandIn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The catalog fed by accounts, against a real HTTP stand-in for the ChatGPT backend and
 * its OAuth server.
 */
@ExtendWith(OutputCaptureExtension.class)
class UpstreamCatalogTest extends UpstreamServerTestSupport {

	@Autowired
	private JdbcClient jdbc;

	@LocalManagementPort
	private int managementPort;

	@Test
	void refreshWhenTwoAccountsShouldServeTheUnionWithTheFirstAddedAccountWinning() {
		Login first = login("first");
		Login second = login("second");
		upstream.models(first.accessToken(), UpstreamStandIn.json(200,
				models(entry("up-shared", 3, "From the first account"), entry("up-a", 1, "A"))));
		upstream.models(second.accessToken(), UpstreamStandIn.json(200,
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
		upstream.models(second.accessToken(), UpstreamStandIn.json(200,
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
		upstream.models(login.accessToken(), UpstreamStandIn.json(401, "{\"detail\":\"expired\"}"));
		upstream.tokenRefresh(login.refreshToken(), UpstreamStandIn.json(200,
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
		assertThat(refreshes.get(0).getBodyAsString()).contains("\"refresh_token\":\"" + login.refreshToken() + "\"")
			.contains("\"grant_type\":\"refresh_token\"")
			.contains("\"client_id\":\"app_EMoamEEZ73f0CkXaXp7hrann\"");
		assertThat(refreshes.get(1).getBodyAsString()).contains("\"refresh_token\":\"refresh-rotating-2\"");
	}

	@Test
	void refreshWhenAccessTokenAboutToExpireShouldRefreshItFirst() {
		Login login = new Login("expiring", TestJwts.accessToken("expiring", MutableClock.START.plusSeconds(60)),
				"refresh-expiring");
		secrets(login.accessToken(), login.refreshToken());
		String fresh = TestJwts.accessToken("expiring-2", IN_ONE_HOUR);
		upstream.tokenRefresh(login.refreshToken(),
				UpstreamStandIn.json(200, "{\"access_token\":\"" + fresh + "\",\"refresh_token\":\"refresh-exp-2\"}"));
		upstream.models(fresh, UpstreamStandIn.json(200, models(entry("up-fresh", 1, "Fresh"))));
		add(login);
		refresh();
		assertThat(ids()).containsExactly("up-fresh");
		upstream.server()
			.verify(0, getRequestedFor(urlPathEqualTo(UpstreamStandIn.MODELS_PATH)).withHeader("Authorization",
					equalTo("Bearer " + login.accessToken())));
	}

	@Test
	void refreshWhenEarlyTokenRefreshFailsShouldStillFetchWithTheCurrentToken() {
		Login login = new Login("early", TestJwts.accessToken("early", MutableClock.START.plusSeconds(60)),
				"refresh-early");
		secrets(login.accessToken(), login.refreshToken());
		upstream.tokenRefresh(login.refreshToken(), UpstreamStandIn.json(503, "{}"));
		upstream.models(login.accessToken(), UpstreamStandIn.json(200, models(entry("up-early", 1, "Early"))));
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
		secrets(login.accessToken(), login.refreshToken());
		upstream.tokenRefresh(login.refreshToken(), UpstreamStandIn.json(200,
				"{\"access_token\":\"" + "a".repeat(2 * 1024 * 1024) + "\",\"refresh_token\":\"r\"}"));
		upstream.models(login.accessToken(), UpstreamStandIn.json(200, models(entry("up-huge-token", 1, "Kept"))));
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
		upstream.models(login.accessToken(), UpstreamStandIn.json(200, models(entry("up-kept", 1, "Kept"))));
		String id = add(login);
		refresh();
		upstream.models(login.accessToken(), UpstreamStandIn.json(401, "{}"));
		upstream.tokenRefresh(login.refreshToken(),
				UpstreamStandIn.json(400, "{\"error\":\"invalid_grant\",\"error_description\":\"token "
						+ login.refreshToken() + " was revoked\"}"));
		JsonNode status = refresh();
		JsonNode account = body(http().get("/api/accounts/" + id, adminKey()));
		assertThat(account.get("status").asString()).isEqualTo("reauth_required");
		assertThat(account.get("status_reason").asString()).contains("invalid_grant")
			.doesNotContain(login.refreshToken());
		assertThat(status.get("accounts").get(0).get("status").asString()).isEqualTo("reauth_required");
		// its last good list stays until it is older than the maximum age
		assertThat(ids()).containsExactly("up-kept");
		refresh();
		refresh();
		upstream.server().verify(1, postRequestedFor(urlPathEqualTo(UpstreamStandIn.TOKEN_PATH)));

		// a new login of the same account makes it active again
		Login again = new Login("refused", TestJwts.accessToken("refused-again", IN_ONE_HOUR), "refresh-again");
		secrets(again.accessToken(), again.refreshToken());
		upstream.models(again.accessToken(), UpstreamStandIn.json(200, models(entry("up-back", 1, "Back"))));
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
		upstream.models(failing.accessToken(), UpstreamStandIn.json(200,
				models(entry("up-f1", 1, "F1"), "{\"display_name\":\"no slug\"}", entry("up-f2", 2, "F2"))));
		upstream.models(steady.accessToken(), UpstreamStandIn.json(200, models(entry("up-s", 3, "S"))));
		String failingId = add(failing);
		add(steady);
		refresh();
		List<String> good = ids();
		assertThat(good).containsExactly("up-f1", "up-f2", "up-s");
		byte[] goodBody = http().get("/v1/models", adminKey()).body();

		List<Failure> failures = List
			.of(new Failure("HTTP 503",
					() -> upstream.models(failing.accessToken(),
							UpstreamStandIn.json(503, "{\"detail\":\"overloaded\"}"))),
					new Failure("not valid JSON",
							() -> upstream.models(failing.accessToken(), UpstreamStandIn.json(200, "{\"models\":[{"))),
					new Failure("no \"models\" array",
							() -> upstream.models(failing.accessToken(), UpstreamStandIn.json(200, "{\"data\":[]}"))),
					new Failure("has a slug",
							() -> upstream.models(failing.accessToken(),
									UpstreamStandIn.json(200, "{\"models\":[{\"display_name\":\"x\"},{\"slug\":7}]}"))),
					new Failure("I/O error",
							() -> upstream.models(failing.accessToken(),
									aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER))),
					new Failure("response larger than 262144 bytes",
							() -> upstream
								.models(failing.accessToken(),
										UpstreamStandIn.json(200,
												models(entry("up-huge", 1, "x".repeat(300 * 1024)),
														entry("up-f1", 1, "F1"))))),
					new Failure("response larger than 262144 bytes",
							() -> upstream.models(failing.accessToken(),
									UpstreamStandIn.json(200, models(entry("up-huge", 1, "x".repeat(300 * 1024))))
										.withChunkedDribbleDelay(4, 100))),
					new Failure("timed out", () -> upstream.models(failing.accessToken(),
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
		upstream.models(stale.accessToken(), UpstreamStandIn.json(200, models(entry("up-stale", 1, "Stale"))));
		upstream.models(fresh.accessToken(), UpstreamStandIn.json(200, models(entry("up-fresh", 2, "Fresh"))));
		String staleId = add(stale);
		add(fresh);
		refresh();
		assertThat(ids()).containsExactly("up-stale", "up-fresh");
		upstream.models(stale.accessToken(), UpstreamStandIn.json(500, "{}"));
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
		upstream.models(login.accessToken(), UpstreamStandIn.json(200, models(entry("up-override", 50, "Overridden"),
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
		upstream.models(login.accessToken(), UpstreamStandIn.json(200,
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
	void catalogStatusShouldMatchGolden() {
		Login serving = login("status");
		Login failing = login("status-failing");
		upstream.models(serving.accessToken(), UpstreamStandIn.json(200, models(entry("up-status", 1, "Status"),
				entry("up-status-mini", 2, "Mini"), entry("up-hidden", 3, "H"))));
		upstream.models(failing.accessToken(), UpstreamStandIn.json(503, "{\"detail\":\"overloaded\"}"));
		String servingId = add(serving);
		this.clock.advance(Duration.ofSeconds(1));
		String failingId = add(failing);
		this.clock.advance(Duration.ofSeconds(1));
		JsonNode refreshed = refresh();
		HttpResponse<byte[]> status = http().get("/api/catalog", adminKey());
		assertThat(body(status)).isEqualTo(refreshed);
		ObjectNode normalized = (ObjectNode) Golden.withPlaceholders(status.body(),
				Map.of(servingId, "<serving account id>", failingId, "<failing account id>"));
		assertThat(normalized.get("version").asLong()).isPositive();
		normalized.put("version", "<version>");
		// the refresh that each added account sets off may already have built the same
		// snapshot, a second or two earlier
		assertThat(Instant.parse(normalized.get("built_at").asString())).isBetween(MutableClock.START,
				this.clock.instant());
		normalized.put("built_at", "<built at>");
		Golden.assertMatches("catalog-status.json", normalized);
	}

	@Test
	void upstreamShouldReceiveTheCodexCliHeadersAndNoTokenInTheUrl() {
		Login login = login("headers");
		upstream.models(login.accessToken(), UpstreamStandIn.json(200, models(entry("up-h", 1, "H"))));
		add(login);
		refresh();
		List<LoggedRequest> requests = upstream.server()
			.findAll(getRequestedFor(urlPathEqualTo(UpstreamStandIn.MODELS_PATH)).withHeader("chatgpt-account-id",
					equalTo("acct-headers")));
		assertThat(requests).isNotEmpty();
		for (LoggedRequest request : requests) {
			assertRequestLikeTheCodexCli(request, login);
		}
	}

	private static void assertRequestLikeTheCodexCli(LoggedRequest request, Login login) {
		assertThat(request.getUrl()).isEqualTo("/backend-api/codex/models?client_version=0.169.0");
		assertThat(request.getHeader("Authorization")).isEqualTo("Bearer " + login.accessToken());
		assertThat(request.getHeader("chatgpt-account-id")).isEqualTo("acct-headers");
		assertThat(request.getHeader("Accept")).isEqualTo("application/json");
		assertThat(request.getHeader("originator")).isEqualTo("codex_cli_rs");
		assertThat(request.getHeader("User-Agent")).isEqualTo("codex_cli_rs/0.169.0 (codex-lb)");
	}

	@Test
	void tokensShouldBeEncryptedAtRestAndNeverShownOrLogged(CapturedOutput output) {
		Login login = login("secret");
		upstream.models(login.accessToken(), UpstreamStandIn.json(401, "{}"));
		upstream.tokenRefresh(login.refreshToken(), UpstreamStandIn.json(400,
				"{\"error\":\"invalid_grant\",\"error_description\":\"" + login.refreshToken() + "\"}"));
		String id = add(login);
		refresh();
		List<String> stored = this.jdbc
			.sql("SELECT access_token || ' ' || refresh_token || ' ' || id_token FROM accounts WHERE id = ?")
			.param(id)
			.query(String.class)
			.list();
		assertThat(stored).hasSize(1);
		assertThat(stored.get(0)).startsWith("v1:")
			.doesNotContain(login.accessToken())
			.doesNotContain(login.refreshToken());
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

	private record Failure(String reason, Runnable stub) {

	}

}
