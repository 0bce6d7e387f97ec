package io.codexlb.admin.console;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.codexlb.support.Http;
import io.codexlb.support.UpstreamServerTestSupport;
import io.codexlb.support.UpstreamStandIn;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's forms over plain HTTP against the upstream stand-in: what each one
 * changes, checked through the admin API, and what it answers to input the API refuses.
 */
class ConsoleFormsTest extends UpstreamServerTestSupport {

	private static final Pattern KEY_LINK = Pattern.compile("data-key-id=\"([0-9a-f-]{36})\"");

	private static final Pattern NEXT_PAGE = Pattern
		.compile("href=\"(/console/keys\\?[^\"]*after=[^\"]+)\">Next page<");

	private static final Pattern ISSUED = Pattern.compile("id=\"issued-key\">(sk-clb-[A-Za-z0-9_-]{43})<");

	@Test
	void accountFormsShouldAddDisableEnableAndDeleteAsTheApiDoes() {
		Login login = login("forms-account");
		upstream.models(login.accessToken(), UpstreamStandIn.json(200, models(entry("forms-model", 1, "Forms"))));
		ConsoleClient browser = new ConsoleClient(http()).signIn(adminKey());

		HttpResponse<byte[]> notJson = browser.submit("/console/accounts", "/console/accounts",
				Map.of("auth_json", "{not json", "name", "forms"));
		assertThat(notJson.statusCode()).isEqualTo(400);
		assertThat(Http.text(notJson)).contains("That is not an auth.json: it is not valid JSON.");
		HttpResponse<byte[]> noTokens = browser.submit("/console/accounts", "/console/accounts",
				Map.of("auth_json", "{\"OPENAI_API_KEY\":null}", "name", "forms"));
		assertThat(noTokens.statusCode()).isEqualTo(400);
		assertThat(accountCount()).isZero();

		HttpResponse<byte[]> added = browser.submit("/console/accounts", "/console/accounts",
				Map.of("auth_json", login.authJson(), "name", "forms"));
		assertThat(added.statusCode()).isEqualTo(302);
		JsonNode account = body(http().get("/api/accounts", adminKey())).get("data").get(0);
		assertThat(account.get("name").asString()).isEqualTo("forms");
		String id = account.get("id").asString();
		HttpResponse<byte[]> page = browser.get("/console/accounts");
		assertThat(Http.text(page)).contains("Added account forms.", "forms-account@example.com");
		assertThat(this.secrets).allSatisfy((secret) -> assertThat(Http.text(page)).doesNotContain(secret));

		HttpResponse<byte[]> readded = browser.submit("/console/accounts", "/console/accounts",
				Map.of("auth_json", login.authJson()));
		assertThat(readded.statusCode()).isEqualTo(302);
		assertThat(Http.text(browser.get("/console/accounts"))).contains("Replaced the tokens of account forms.");
		assertThat(accountCount()).isEqualTo(1);

		browser.submit("/console/accounts", "/console/accounts/" + id + "/disable", Map.of());
		assertThat(body(http().get("/api/accounts/" + id, adminKey())).get("enabled").asBoolean()).isFalse();
		browser.submit("/console/accounts", "/console/accounts/" + id + "/enable", Map.of());
		assertThat(body(http().get("/api/accounts/" + id, adminKey())).get("enabled").asBoolean()).isTrue();
		HttpResponse<byte[]> refreshed = browser.submit("/console/models", "/console/models/refresh", Map.of());
		assertThat(refreshed.statusCode()).isEqualTo(302);
		assertThat(Http.text(browser.get("/console/models"))).contains("Refreshed: catalog version",
				"data-model=\"forms-model\"");
		browser.submit("/console/accounts", "/console/accounts/" + id + "/delete", Map.of());
		assertThat(accountCount()).isZero();
		HttpResponse<byte[]> gone = browser.submit("/console/accounts", "/console/accounts/" + id + "/delete",
				Map.of());
		assertThat(gone.statusCode()).as("an account deleted meanwhile").isEqualTo(404);
		assertThat(Http.text(gone)).contains("No account with id");
	}

	@Test
	void editShouldChangeTheKeyAsThePatchRouteDoesAndRegenerateShowTheNewKeyOnce() {
		String accountId = add(login("forms-bound"));
		JsonNode key = createKey("{\"name\":\"edit-" + UUID.randomUUID()
				+ "\",\"rate_limit\":{\"requests_per_minute\":7,\"requests_per_day\":70}}");
		String id = key.get("id").asString();
		ConsoleClient browser = new ConsoleClient(http()).signIn(adminKey());
		String form = Http.text(browser.get("/console/keys/" + id + "/edit"));
		assertThat(form).contains("value=\"7\"", "value=\"70\"", "value=\"" + key.get("name").asString() + "\"");

		String name = "edited-" + UUID.randomUUID();
		HttpResponse<byte[]> saved = browser.submit("/console/keys/" + id + "/edit", "/console/keys/" + id,
				Map.of("name", name, "otherModels", "model-x, model-y", "binding", "some", "accountIds", accountId,
						"requestsPerMinute", "9", "requestsPerDay", "", "expiresAt", "2030-06-01T12:30"));
		assertThat(saved.statusCode()).as(Http.text(saved)).isEqualTo(302);
		JsonNode edited = body(http().get("/api/api-keys/" + id, adminKey()));
		assertThat(edited.get("name").asString()).isEqualTo(name);
		assertThat(edited.get("allowed_models")).extracting(JsonNode::asString)
			.containsExactlyInAnyOrder("model-x", "model-y");
		assertThat(edited.get("account_ids")).extracting(JsonNode::asString).containsExactly(accountId);
		assertThat(edited.get("rate_limit").get("requests_per_minute").asInt()).isEqualTo(9);
		assertThat(edited.get("rate_limit").get("requests_per_day").isNull()).isTrue();
		assertThat(edited.get("expires_at").asString()).isEqualTo("2030-06-01T12:30:00Z");
		JsonNode audit = body(http().get("/api/audit-log?action=api_key.update&target_id=" + id, adminKey()))
			.get("data")
			.get(0);
		assertThat(audit.get("actor_key_prefix").asString()).isEqualTo(adminKey().substring(0, 12));

		HttpResponse<byte[]> taken = browser.submit("/console/keys/" + id + "/edit", "/console/keys/" + id,
				Map.of("name", "", "binding", "all"));
		assertThat(taken.statusCode()).isEqualTo(400);
		assertThat(body(http().get("/api/api-keys/" + id, adminKey())).get("name").asString()).isEqualTo(name);

		HttpResponse<byte[]> regenerated = browser.submit("/console/keys/" + id, "/console/keys/" + id + "/regenerate",
				Map.of());
		assertThat(regenerated.statusCode()).isEqualTo(200);
		assertThat(regenerated.headers().allValues("Cache-Control"))
			.anySatisfy((value) -> assertThat(value).contains("no-store"));
		String plaintext = ISSUED.matcher(Http.text(regenerated)).results().findFirst().orElseThrow().group(1);
		assertThat(http().get("/v1/models", key.get("key").asString()).statusCode()).isEqualTo(401);
		assertThat(http().get("/v1/models", plaintext).statusCode()).isEqualTo(200);
	}

	@Test
	void keyPageShouldSayWhatTheKeySeesAsTheCatalogRouteDoes() {
		Login login = login("forms-sees");
		upstream.models(login.accessToken(), UpstreamStandIn.json(200,
				models(entry("sees-listed", 1, "Listed"), entry("sees-other", 2, "Not allowed"))));
		add(login);
		refresh();
		JsonNode key = createKey("{\"name\":\"sees-" + UUID.randomUUID() + "\",\"allowed_models\":[\"sees-listed\"]}");
		String page = Http.text(new ConsoleClient(http()).signIn(adminKey())
			.get("/console/keys/" + key.get("id").asString() + "?range=7d"));
		JsonNode explanation = body(http().get("/api/api-keys/" + key.get("id").asString() + "/catalog", adminKey()));
		for (JsonNode model : explanation.get("data")) {
			assertThat(page).contains("data-model=\"" + model.get("id").asString() + "\" data-listed=\""
					+ model.get("listed").asBoolean() + "\"");
			for (JsonNode reason : model.get("reasons")) {
				assertThat(page).contains(">" + reason.asString() + "<");
			}
		}
		assertThat(page).contains("aria-current=\"page\">7d<");
		assertThat(List.of("sees-listed", "sees-other")).allSatisfy((id) -> assertThat(page).contains(id));
	}

	@Test
	void keysListShouldPageThroughTheSearchAndCountByStatus() {
		String tag = "pages-" + UUID.randomUUID().toString().substring(0, 8);
		List<String> created = new ArrayList<>();
		for (int i = 0; i < KeysController.PAGE_SIZE + 3; i++) {
			created.add(createKey("{\"name\":\"" + tag + "-" + i + "\"}").get("id").asString());
		}
		ConsoleClient console = new ConsoleClient(http()).signIn(adminKey());
		List<String> seen = new ArrayList<>();
		String next = "/console/keys?q=" + tag;
		int pages = 0;
		while (next != null) {
			String page = Http.text(console.get(next));
			pages++;
			Matcher row = KEY_LINK.matcher(page);
			while (row.find()) {
				seen.add(row.group(1));
			}
			// a search shows no count: counting its matches would read the whole table
			assertThat(page).doesNotContain("id=\"key-total\"");
			Matcher more = NEXT_PAGE.matcher(page);
			next = more.find() ? more.group(1).replace("&amp;", "&") : null;
		}
		assertThat(pages).isEqualTo(2);
		assertThat(seen).hasSize(created.size()).containsExactlyInAnyOrderElementsOf(created);
		// the same order as the admin API's
		List<String> api = new ArrayList<>();
		body(http().get("/api/api-keys?limit=1000&q=" + tag, adminKey())).get("data")
			.forEach((key) -> api.add(key.get("id").asString()));
		assertThat(seen).containsExactlyElementsOf(api);
		assertThat(http().json("PATCH", "/api/api-keys/" + created.get(0), adminKey(), "{\"is_active\":false}")
			.statusCode()).isEqualTo(200);
		long disabled = body(http().get("/api/api-keys?limit=1000&status=disabled", adminKey())).get("data").size();
		assertThat(Http.text(console.get("/console/keys?status=disabled")))
			.contains("id=\"key-total\">" + disabled + "<");
		// a key deleted since its page was shown starts the list again, not an error
		assertThat(console.get("/console/keys?after=" + UUID.randomUUID()).statusCode()).isEqualTo(200);
	}

	@Test
	void unknownKeyShouldBeAPageNotAnError() {
		HttpResponse<byte[]> missing = new ConsoleClient(http()).signIn(adminKey())
			.get("/console/keys/" + UUID.randomUUID());
		assertThat(missing.statusCode()).isEqualTo(404);
		assertThat(missing.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("text/html"));
		assertThat(Http.text(missing)).contains("No API key with id");
	}

}
