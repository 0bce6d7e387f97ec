package io.codexlb.admin.console;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import io.codexlb.support.Http;
import io.codexlb.support.ServerTestSupport;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's sessions and defences over plain HTTP, behind a proxy that sets
 * {@code X-Forwarded-For} and {@code X-Forwarded-Proto}: the cookie, the headers of every
 * page, CSRF, the end of a session (sign-out, a key disabled or deleted, the absolute
 * timeout), the sign-in limit per address, and a new key shown once.
 */
@TestPropertySource(properties = { "server.forward-headers-strategy=native", "codex-lb.console.idle-timeout=20m",
		"codex-lb.console.absolute-timeout=2h", "codex-lb.console.max-failed-sign-ins=3",
		"codex-lb.console.failed-sign-in-window=15m" })
class ConsoleSessionTest extends ServerTestSupport {

	private static final Path ownDataDir = newDataDir();

	private static final List<String> PAGES = List.of("/console/", "/console/keys", "/console/keys/new",
			"/console/accounts", "/console/models", "/console/audit");

	// markup a page must not have: a script or a style of its own, or an event handler
	private static final Pattern INLINE = Pattern
		.compile("<script(?![^>]*\\bsrc=)|<style|\\sstyle=|\\son[a-z]+=|javascript:", Pattern.CASE_INSENSITIVE);

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private ServletContext servletContext;

	@DynamicPropertySource
	static void ownDataDirectory(DynamicPropertyRegistry registry) {
		registry.add("test.data-dir", ownDataDir::toString);
	}

	@Autowired
	private SignInLimiter limiter;

	@AfterEach
	void resetClockAndSignInLimits() {
		this.clock.reset();
		this.limiter.forgetAll();
	}

	@Test
	void signInShouldGiveANewSessionCookieThatNoScriptReadsAndNoOtherSiteSends() {
		ConsoleClient browser = client();
		HttpResponse<byte[]> page = browser.get("/console/sign-in");
		String before = browser.session();
		assertThat(before).as("the sign-in form's session, for its CSRF token").isNotNull();
		HttpResponse<byte[]> signedIn = browser.post("/console/sign-in",
				Map.of("key", adminKey(), "_csrf", ConsoleClient.csrfToken(Http.text(page))));
		assertThat(signedIn.statusCode()).isEqualTo(302);
		String cookie = ConsoleClient.setCookie(signedIn).orElseThrow();
		assertThat(cookie).contains("; Path=/console", "; HttpOnly", "; SameSite=Strict").doesNotContain("Secure");
		assertThat(browser.session()).as("a new session id at sign-in").isNotEqualTo(before);
		assertThat(this.jdbc.queryForList("SELECT MAX_INACTIVE_INTERVAL FROM SPRING_SESSION", Integer.class))
			.as("the idle timeout, in seconds, of the signed-in session")
			.contains(1200);
		assertThat(browser.get("/console/").statusCode()).isEqualTo(200);
	}

	@Test
	void sessionFilterShouldSeeTheConsolesPathsOnly() {
		FilterRegistration sessions = this.servletContext.getFilterRegistrations()
			.values()
			.stream()
			.filter((registration) -> registration.getName().toLowerCase(Locale.ROOT).contains("session"))
			.findFirst()
			.orElseThrow();
		assertThat(sessions.getUrlPatternMappings()).containsExactly("/console/*");
		HttpResponse<byte[]> models = http().get("/v1/models", adminKey());
		assertThat(models.headers().allValues("Set-Cookie")).isEmpty();
	}

	@Test
	void cookieShouldBeSecureWhenTheProxySaysTheClientUsedHttps() {
		HttpResponse<byte[]> page = http()
			.send(http().request("/console/sign-in").header("X-Forwarded-Proto", "https").GET().build());
		assertThat(ConsoleClient.setCookie(page))
			.hasValueSatisfying((cookie) -> assertThat(cookie).contains("; Secure", "; HttpOnly", "; SameSite=Strict"));
	}

	@Test
	void everyPageShouldForbidInlineScriptFramingAndCaching() {
		ConsoleClient browser = client().signIn(adminKey());
		for (String path : PAGES) {
			HttpResponse<byte[]> page = browser.get(path);
			assertThat(page.statusCode()).as(path).isEqualTo(200);
			assertThat(page.headers().firstValue("Content-Security-Policy")).as(path)
				.hasValue("default-src 'self'; frame-ancestors 'none'; object-src 'none'; base-uri 'none'; "
						+ "form-action 'self'");
			assertThat(page.headers().firstValue("X-Frame-Options")).as(path).hasValue("DENY");
			assertThat(page.headers().firstValue("Cache-Control")).as(path)
				.hasValueSatisfying((value) -> assertThat(value).contains("no-store"));
			assertThat(INLINE.matcher(Http.text(page)).find()).as("inline script or style in %s", path).isFalse();
		}
	}

	@Test
	void formWithoutItsCsrfTokenShouldBeRefusedAndChangeNothing() {
		JsonNode key = createKey("{\"name\":\"csrf-" + UUID.randomUUID() + "\"}");
		String id = key.get("id").asString();
		ConsoleClient browser = client().signIn(adminKey());
		HttpResponse<byte[]> withoutToken = browser.post("/console/keys/" + id + "/disable", Map.of());
		assertThat(withoutToken.statusCode()).isEqualTo(403);
		HttpResponse<byte[]> wrongToken = browser.post("/console/keys/" + id + "/disable", Map.of("_csrf", "forged"));
		assertThat(wrongToken.statusCode()).isEqualTo(403);
		assertThat(active(id)).as("still active after the refused forms").isTrue();

		HttpResponse<byte[]> withToken = browser.submit("/console/keys/" + id, "/console/keys/" + id + "/disable",
				Map.of());
		assertThat(withToken.statusCode()).isEqualTo(302);
		assertThat(active(id)).isFalse();
	}

	@Test
	void formWithoutASessionShouldBeSentToSignInUnread() {
		String name = "never-" + UUID.randomUUID();
		HttpResponse<byte[]> post = client().post("/console/keys", Map.of("name", name));
		assertThat(post.statusCode()).isEqualTo(302);
		assertThat(post.headers().firstValue("Location"))
			.hasValueSatisfying((location) -> assertThat(location).endsWith("/console/sign-in"));
		assertThat(http().all("/api/api-keys", adminKey())).noneMatch((key) -> key.get("name").asString().equals(name));
		HttpResponse<byte[]> page = client().get("/console/keys");
		assertThat(page.statusCode()).isEqualTo(302);
		assertThat(page.headers().firstValue("Location"))
			.hasValueSatisfying((location) -> assertThat(location).endsWith("/console/sign-in"));
	}

	@Test
	void keyDisabledOrDeletedShouldEndItsSessionsOnTheNextRequest() {
		JsonNode disabled = createKey("{\"name\":\"console-" + UUID.randomUUID() + "\",\"admin\":true}");
		ConsoleClient first = client().signIn(disabled.get("key").asString());
		ConsoleClient second = client().signIn(disabled.get("key").asString());
		assertThat(first.get("/console/").statusCode()).isEqualTo(200);
		String firstSession = first.session();
		http().json("PATCH", "/api/api-keys/" + disabled.get("id").asString(), adminKey(), "{\"is_active\":false}");
		assertEnded(first.get("/console/keys"), "key_revoked");
		assertEnded(second.get("/console/"), "key_revoked");
		ConsoleClient replay = client();
		assertThat(replay.get("/console/sign-in").statusCode()).isEqualTo(200);
		HttpResponse<byte[]> oldCookie = http().send(
				http().request("/console/").header("Cookie", ConsoleClient.COOKIE + "=" + firstSession).GET().build());
		assertThat(oldCookie.statusCode()).as("the ended session's cookie").isEqualTo(302);

		JsonNode deleted = createKey("{\"name\":\"console-" + UUID.randomUUID() + "\",\"admin\":true}");
		ConsoleClient third = client().signIn(deleted.get("key").asString());
		http().send(http().request("/api/api-keys/" + deleted.get("id").asString())
			.header("Authorization", "Bearer " + adminKey())
			.DELETE()
			.build());
		assertEnded(third.get("/console/"), "key_revoked");
	}

	@Test
	void sessionShouldEndAfterTheIdleTimeout() {
		ConsoleClient browser = client().signIn(adminKey());
		assertThat(browser.get("/console/").statusCode()).isEqualTo(200);
		// Spring Session reads the time itself: the session's last request, 21 minutes
		// ago
		this.jdbc.update(
				"UPDATE SPRING_SESSION SET LAST_ACCESS_TIME = LAST_ACCESS_TIME - ?, "
						+ "EXPIRY_TIME = EXPIRY_TIME - ? WHERE SESSION_ID = ?",
				21 * 60_000L, 21 * 60_000L, sessionId(browser));
		HttpResponse<byte[]> after = browser.get("/console/");
		assertThat(after.statusCode()).isEqualTo(302);
		assertThat(after.headers().firstValue("Location"))
			.hasValueSatisfying((location) -> assertThat(location).endsWith("/console/sign-in"));
	}

	@Test
	void signInFormAloneShouldKeepItsSessionForMinutesOnly() {
		ConsoleClient visitor = client();
		assertThat(visitor.get("/console/sign-in").statusCode()).isEqualTo(200);
		assertThat(this.jdbc.queryForObject("SELECT MAX_INACTIVE_INTERVAL FROM SPRING_SESSION WHERE SESSION_ID = ?",
				Integer.class, sessionId(visitor)))
			.isEqualTo(300);
	}

	@Test
	void regeneratedKeyShouldEndTheSessionsItsOldSecretMade() {
		JsonNode key = createKey("{\"name\":\"console-" + UUID.randomUUID() + "\",\"admin\":true}");
		ConsoleClient browser = client().signIn(key.get("key").asString());
		assertThat(browser.get("/console/").statusCode()).isEqualTo(200);
		HttpResponse<byte[]> regenerated = http().json("POST",
				"/api/api-keys/" + key.get("id").asString() + "/regenerate", adminKey(), "");
		assertThat(regenerated.statusCode()).isEqualTo(200);
		assertEnded(browser.get("/console/"), "key_revoked");
	}

	@Test
	void sessionShouldEndAtTheAbsoluteTimeoutHoweverBusy() {
		ConsoleClient browser = client().signIn(adminKey());
		for (int i = 0; i < 3; i++) {
			this.clock.advance(Duration.ofMinutes(39));
			assertThat(browser.get("/console/").statusCode()).isEqualTo(200);
		}
		this.clock.advance(Duration.ofMinutes(3));
		assertEnded(browser.get("/console/"), "timed_out");
		HttpResponse<byte[]> notice = client().get("/console/sign-in?ended=timed_out");
		assertThat(Http.text(notice)).contains("Your session ended after 2 h.");
	}

	@Test
	void failedSignInsShouldBeLimitedPerClientAddress() {
		ConsoleClient attacker = client("203.0.113.7");
		for (int i = 0; i < 3; i++) {
			HttpResponse<byte[]> refused = attacker.submit("/console/sign-in", "/console/sign-in",
					Map.of("key", "sk-clb-" + "x".repeat(43)));
			assertThat(refused.statusCode()).isEqualTo(401);
			assertThat(Http.text(refused)).contains("That is not a valid API key");
		}
		HttpResponse<byte[]> limited = attacker.submit("/console/sign-in", "/console/sign-in",
				Map.of("key", adminKey()));
		assertThat(limited.statusCode()).as("even the right key, once the attempts are used up").isEqualTo(429);
		assertThat(Http.text(limited)).contains("Too many failed sign-ins from your address. Try again in 5 min.");
		client("203.0.113.8").signIn(adminKey());

		this.clock.advance(Duration.ofMinutes(5));
		client("203.0.113.7").signIn(adminKey());
	}

	@Test
	void newKeyShouldBeShownOnceUncachedAndItsCreationAuditedAsTheSignedInKey() {
		ConsoleClient browser = client().signIn(adminKey());
		String name = "shown-once-" + UUID.randomUUID();
		HttpResponse<byte[]> created = browser.submit("/console/keys/new", "/console/keys",
				Map.of("name", name, "binding", "all", "requestsPerMinute", "30"));
		assertThat(created.statusCode()).isEqualTo(200);
		assertThat(created.headers().firstValue("Cache-Control"))
			.hasValueSatisfying((value) -> assertThat(value).contains("no-store"));
		String plaintext = Pattern.compile("id=\"issued-key\">(sk-clb-[A-Za-z0-9_-]{43})<")
			.matcher(Http.text(created))
			.results()
			.findFirst()
			.orElseThrow()
			.group(1);
		assertThat(http().get("/v1/models", plaintext).statusCode()).isEqualTo(200);
		JsonNode key = keyNamed(name);
		assertThat(key.get("rate_limit").get("requests_per_minute").asInt()).isEqualTo(30);
		assertThat(Http.text(browser.get("/console/keys/" + key.get("id").asString()))).doesNotContain(plaintext);
		JsonNode audit = body(
				http().get("/api/audit-log?action=api_key.create&target_id=" + key.get("id").asString(), adminKey()))
			.get("data")
			.get(0);
		assertThat(audit.get("actor_key_prefix").asString()).isEqualTo(adminKey().substring(0, 12));
		assertThat(audit.toString()).doesNotContain(plaintext);
	}

	@Test
	void invalidFormShouldShowTheApiErrorAndStoreNothing() {
		ConsoleClient browser = client().signIn(adminKey());
		int keys = http().all("/api/api-keys", adminKey()).size();
		Map<String, String> expected = Map.of("", "'name' must not be empty.", "abc",
				"Requests per minute must be a " + "whole number.", "0",
				"'rate_limit.requests_per_minute' must be between 1 and 1000000.", "date",
				"Expires at must be a date and time");
		for (Map.Entry<String, String> bad : expected.entrySet()) {
			Map<String, String> form = switch (bad.getKey()) {
				case "" -> Map.of("name", "", "binding", "all");
				case "date" -> Map.of("name", "bad-" + UUID.randomUUID(), "binding", "all", "expiresAt", "tomorrow");
				default ->
					Map.of("name", "bad-" + UUID.randomUUID(), "binding", "all", "requestsPerMinute", bad.getKey());
			};
			HttpResponse<byte[]> refused = browser.submit("/console/keys/new", "/console/keys", form);
			assertThat(refused.statusCode()).as(bad.getKey()).isEqualTo(400);
			// the page writes the message as text: its quotes as entities
			assertThat(Http.text(refused).replace("&#39;", "'")).as(bad.getKey())
				.contains("id=\"form-error\"")
				.contains(bad.getValue());
		}
		HttpResponse<byte[]> noAccount = browser.submit("/console/keys/new", "/console/keys",
				Map.of("name", "bound-" + UUID.randomUUID(), "binding", "some"));
		assertThat(noAccount.statusCode()).isEqualTo(400);
		assertThat(http().all("/api/api-keys", adminKey()).size()).isEqualTo(keys);
	}

	@Test
	void signInAndSignOutShouldBeAudited() {
		ConsoleClient browser = client().signIn(adminKey());
		HttpResponse<byte[]> signedOut = browser.submit("/console/", "/console/sign-out", Map.of());
		assertThat(signedOut.statusCode()).isEqualTo(302);
		assertThat(browser.session()).as("the cookie is cleared").isNull();
		for (String action : List.of("console.sign_in", "console.sign_out")) {
			JsonNode rows = body(http().get("/api/audit-log?action=" + action, adminKey())).get("data");
			assertThat(rows).as(action).isNotEmpty();
			assertThat(rows.get(0).get("actor_key_prefix").asString()).isEqualTo(adminKey().substring(0, 12));
		}
	}

	// the cookie holds the session id in base64
	private static String sessionId(ConsoleClient client) {
		return new String(Base64.getDecoder().decode(client.session()), StandardCharsets.US_ASCII);
	}

	private ConsoleClient client() {
		return new ConsoleClient(http());
	}

	private ConsoleClient client(String address) {
		return new ConsoleClient(http(), address);
	}

	private static void assertEnded(HttpResponse<byte[]> response, String reason) {
		assertThat(response.statusCode()).isEqualTo(302);
		assertThat(response.headers().firstValue("Location"))
			.hasValueSatisfying((location) -> assertThat(location).endsWith("/console/sign-in?ended=" + reason));
	}

	private boolean active(String id) {
		return body(http().get("/api/api-keys/" + id, adminKey())).get("is_active").asBoolean();
	}

	private JsonNode keyNamed(String name) {
		for (JsonNode key : http().all("/api/api-keys", adminKey())) {
			if (key.get("name").asString().equals(name)) {
				return key;
			}
		}
		throw new AssertionError("no key named " + name);
	}

}
