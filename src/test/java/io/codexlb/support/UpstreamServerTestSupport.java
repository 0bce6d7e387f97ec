package io.codexlb.support;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.models.Model;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import tools.jackson.databind.JsonNode;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The end-to-end context of the tests that add accounts: the real server with its
 * upstream, the ChatGPT backend and its OAuth server, played by one
 * {@link UpstreamStandIn}, and no account before each test. The classes that extend it
 * share one context (the catalog overrides are those the catalog tests expect).
 */
@TestPropertySource(properties = { "codex-lb.upstream.connect-timeout=5s",
		// a stub that never answers in time fails the round after this long
		"codex-lb.upstream.read-timeout=2s", "codex-lb.upstream.max-response-size=256KB",
		"codex-lb.catalog.refresh-interval=1h", "codex-lb.catalog.overrides[up-override].priority=77",
		"codex-lb.catalog.overrides[up-override].display-name=Operator's Choice",
		"codex-lb.catalog.overrides[up-hidden].hidden=true" })
public abstract class UpstreamServerTestSupport extends ServerTestSupport {

	protected static final UpstreamStandIn upstream = new UpstreamStandIn().start();

	protected static final Instant IN_ONE_HOUR = MutableClock.START.plus(Duration.ofHours(1));

	private static final Path ownDataDir = newDataDir();

	/**
	 * The tokens of the logins made in a test, which must never appear anywhere.
	 */
	protected final List<String> secrets = new ArrayList<>();

	@DynamicPropertySource
	static void upstreamUrls(DynamicPropertyRegistry registry) {
		// not test.data-dir, which a subclass with a context of its own sets
		registry.add("test.upstream-data-dir", ownDataDir::toString);
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
		for (JsonNode account : body(http().get("/api/accounts?limit=1000", adminKey())).get("data")) {
			HttpResponse<byte[]> deleted = http().send(http().request("/api/accounts/" + account.get("id").asString())
				.header("Authorization", "Bearer " + adminKey())
				.DELETE()
				.build());
			assertThat(deleted.statusCode()).isEqualTo(200);
		}
		assertThat(refresh().get("source").asString()).isEqualTo("bootstrap");
	}

	protected void secrets(String... tokens) {
		for (String token : tokens) {
			this.secrets.add(TestJwts.secret(token));
		}
	}

	protected Login login(String tag) {
		return login(tag, IN_ONE_HOUR);
	}

	protected Login login(String tag, Instant accessTokenExpiresAt) {
		Login login = new Login(tag, TestJwts.accessToken(tag, accessTokenExpiresAt), "refresh-" + tag);
		secrets(login.accessToken(), login.refreshToken());
		return login;
	}

	/**
	 * Adds the account of a login through the admin API.
	 * @param login the login
	 * @return the new account's id
	 */
	protected String add(Login login) {
		HttpResponse<byte[]> response = http().json("POST", "/api/accounts", adminKey(), login.authJson());
		assertThat(response.statusCode()).as(Http.text(response)).isEqualTo(201);
		return body(response).get("id").asString();
	}

	protected int accountCount() {
		return body(http().get("/api/accounts?limit=1000", adminKey())).get("data").size();
	}

	/**
	 * Refreshes the catalog through the admin API.
	 * @return the catalog status after the refresh
	 */
	protected JsonNode refresh() {
		HttpResponse<byte[]> response = http().json("POST", "/api/catalog/refresh", adminKey(), "");
		assertThat(response.statusCode()).as(Http.text(response)).isEqualTo(200);
		return body(response);
	}

	/**
	 * The ids of the models {@code /v1/models} lists, in its order.
	 * @return the ids
	 */
	protected List<String> ids() {
		List<String> ids = new ArrayList<>();
		body(http().get("/v1/models", adminKey())).get("data").forEach((model) -> ids.add(model.get("id").asString()));
		return ids;
	}

	/**
	 * The OpenAI Java SDK with a key, against this service's {@code /v1}.
	 * @param key the key
	 * @return the client
	 */
	protected OpenAIClient sdk(String key) {
		return OpenAIOkHttpClient.builder()
			.apiKey(key)
			.baseUrl("http://127.0.0.1:" + this.port + "/v1")
			.maxRetries(0)
			.build();
	}

	/**
	 * The ids the OpenAI Java SDK lists with a key, every page.
	 * @param key the key
	 * @return the ids, in the list's order
	 */
	protected List<String> sdkIds(String key) {
		List<String> ids = new ArrayList<>();
		for (Model model : sdk(key).models().list().autoPager()) {
			ids.add(model.id());
		}
		return ids;
	}

	/**
	 * An upstream model list.
	 * @param entries the entries, as JSON
	 * @return the list, as JSON
	 */
	protected static String models(String... entries) {
		return "{\"models\":[" + String.join(",", entries) + "]}";
	}

	/**
	 * An upstream model entry with the fields the Codex CLI reads.
	 * @param slug the model id
	 * @param priority the priority
	 * @param description the description
	 * @return the entry, as JSON
	 */
	protected static String entry(String slug, int priority, String description) {
		return """
				{"slug":"%s","display_name":"%s","description":"%s","priority":%d,"visibility":"list",
				 "supported_in_api":true,"shell_type":"default","created":1750000000,
				 "truncation_policy":{"mode":"tokens","limit":10000},"experimental_supported_tools":[],
				 "supported_reasoning_levels":[],"support_verbosity":false,"base_instructions":""}
				""".formatted(slug, slug.toUpperCase(), description, priority);
	}

	/**
	 * A ChatGPT login of account {@code acct-<tag>}, user {@code user-<tag>}.
	 *
	 * @param tag what tells it from the other logins of a test
	 * @param accessToken its access token
	 * @param refreshToken its refresh token
	 */
	public record Login(String tag, String accessToken, String refreshToken) {

		/**
		 * The {@code auth.json} that {@code codex login} writes for it.
		 * @return the document
		 */
		public String authJson() {
			return TestJwts.authJson("acct-" + this.tag, this.accessToken, this.refreshToken,
					TestJwts.idToken("user-" + this.tag, this.tag + "@example.com", "pro"));
		}

	}

}
