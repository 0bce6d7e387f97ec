package io.codexlb.admin;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.openai.errors.NotFoundException;
import io.codexlb.support.ErrorEnvelopes;
import io.codexlb.support.Golden;
import io.codexlb.support.Http;
import io.codexlb.support.MutableClock;
import io.codexlb.support.UpstreamServerTestSupport;
import io.codexlb.support.UpstreamStandIn;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Keys bound to accounts list what those accounts serve, and the catalog explanation of a
 * key says the same as the models routes, against the upstream stand-in with three
 * accounts of different lists.
 */
class KeyAccountBindingTest extends UpstreamServerTestSupport {

	@Test
	void keyBoundToAccountsShouldListExactlyTheModelsOfItsEnabledAccounts() {
		Accounts accounts = threeAccounts();
		String boundToA = key("{\"name\":\"bound-a\",\"account_ids\":[\"" + accounts.a() + "\"]}");
		String boundToAB = key(
				"{\"name\":\"bound-ab\",\"account_ids\":[\"" + accounts.a() + "\",\"" + accounts.b() + "\"]}");
		String boundToC = key("{\"name\":\"bound-c\",\"account_ids\":[\"" + accounts.c() + "\"]}");
		String unbound = key("{\"name\":\"unbound\"}");

		assertThat(sdkIds(boundToA)).containsExactlyInAnyOrder("bind-a", "bind-shared");
		assertThat(sdkIds(boundToAB)).containsExactlyInAnyOrder("bind-a", "bind-b", "bind-shared");
		assertThat(sdkIds(boundToC)).containsExactly("bind-c");
		assertThat(sdkIds(unbound)).containsExactlyInAnyOrder("bind-a", "bind-b", "bind-c", "bind-shared");
		// one model the key's accounts do not serve: the answer for an unknown model
		assertThatExceptionOfType(NotFoundException.class).isThrownBy(() -> sdk(boundToA).models().retrieve("bind-b"));
		assertThat(sdk(boundToA).models().retrieve("bind-a").id()).isEqualTo("bind-a");

		HttpResponse<byte[]> disabled = http().json("PATCH", "/api/accounts/" + accounts.c(), adminKey(),
				"{\"enabled\":false}");
		assertThat(disabled.statusCode()).as(Http.text(disabled)).isEqualTo(200);
		refresh();
		assertThat(sdkIds(boundToC)).as("a key bound to a disabled account lists none, never all").isEmpty();
		assertThat(codexSlugs(boundToC)).isEmpty();
		assertThat(sdkIds(unbound)).containsExactlyInAnyOrder("bind-a", "bind-b", "bind-shared");
	}

	@Test
	void explanationShouldSayWhatTheModelsRoutesListAndWhy() {
		Accounts accounts = threeAccounts();
		JsonNode bound = createKey("{\"name\":\"explained\",\"account_ids\":[\"" + accounts.a() + "\",\"" + accounts.c()
				+ "\"],\"allowed_models\":[\"bind-a\",\"bind-c\",\"up-hidden\"]}");
		http().json("PATCH", "/api/accounts/" + accounts.c(), adminKey(), "{\"enabled\":false}");
		refresh();
		String key = bound.get("key").asString();
		JsonNode explanation = explanation(bound.get("id").asString());
		Map<String, JsonNode> models = byId(explanation);
		assertThat(models.keySet()).containsExactlyInAnyOrder("bind-a", "bind-b", "bind-shared", "up-hidden", "bind-c");
		assertThat(reasons(models.get("bind-a"))).isEmpty();
		assertThat(reasons(models.get("bind-b"))).containsExactly("not_in_allowed_models",
				"not_served_by_bound_accounts");
		assertThat(reasons(models.get("bind-shared"))).containsExactly("not_in_allowed_models");
		assertThat(models.get("bind-shared").get("accounts")).hasSize(2);
		assertThat(reasons(models.get("up-hidden"))).containsExactly("hidden_by_override");
		assertThat(models.get("up-hidden").get("in_codex_models").asBoolean()).isTrue();
		// only the disabled account's last list has it
		assertThat(reasons(models.get("bind-c"))).containsExactly("account_disabled");
		assertThat(models.get("bind-c").get("listed").asBoolean()).isFalse();

		assertThat(listed(explanation)).isEqualTo(Set.copyOf(httpIds(key)));
		assertThat(inCodexModels(explanation)).isEqualTo(Set.copyOf(codexSlugs(key)));

		String[] ids = { accounts.a(), accounts.b(), accounts.c() };
		Map<String, String> placeholders = new HashMap<>(Map.of(bound.get("id").asString(), "<key id>",
				explanation.get("catalog").get("built_at").asString(), "<built at>"));
		for (int i = 0; i < ids.length; i++) {
			placeholders.put(ids[i], "<account " + "abc".charAt(i) + ">");
		}
		Golden.assertMatches("api-key-catalog.json",
				stable(Golden.withPlaceholders(explanation.toString().getBytes(), placeholders)));
	}

	@Test
	void explanationShouldNameTheStaleAccountOfAModelNoLongerServed() {
		Login fresh = login("bind-fresh", MutableClock.START.plus(Duration.ofDays(3)));
		Login failing = login("bind-stale", MutableClock.START.plus(Duration.ofDays(3)));
		upstream.models(fresh.accessToken(), UpstreamStandIn.json(200, models(entry("bind-fresh", 1, "Fresh"))));
		upstream.models(failing.accessToken(), UpstreamStandIn.json(200, models(entry("bind-stale", 2, "Stale"))));
		add(fresh);
		this.clock.advance(Duration.ofSeconds(1));
		String staleAccount = add(failing);
		refresh();
		JsonNode bound = createKey("{\"name\":\"bound-stale\",\"account_ids\":[\"" + staleAccount + "\"]}");
		assertThat(httpIds(bound.get("key").asString())).containsExactly("bind-stale");

		upstream.models(failing.accessToken(), UpstreamStandIn.json(503, "{}"));
		this.clock.advance(Duration.ofHours(25));
		refresh();
		assertThat(httpIds(bound.get("key").asString())).as("its one account's list is past max-age").isEmpty();
		Map<String, JsonNode> models = byId(explanation(bound.get("id").asString()));
		assertThat(reasons(models.get("bind-stale"))).containsExactly("account_data_stale");
		assertThat(reasons(models.get("bind-fresh"))).containsExactly("not_served_by_bound_accounts");
	}

	@Test
	void bootstrapCatalogShouldStandInForTheBoundAccountsUntilTheyAreDisabled() {
		Login failing = login("bind-failing");
		upstream.models(failing.accessToken(), UpstreamStandIn.json(503, "{}"));
		String account = add(failing);
		assertThat(refresh().get("source").asString()).isEqualTo("bootstrap");
		String key = key("{\"name\":\"bound-bootstrap\",\"account_ids\":[\"" + account + "\"]}");
		assertThat(httpIds(key)).isNotEmpty().isEqualTo(httpIds(adminKey()));

		http().json("PATCH", "/api/accounts/" + account, adminKey(), "{\"enabled\":false}");
		refresh();
		assertThat(httpIds(key)).as("no enabled account to stand in for").isEmpty();
		assertThat(httpIds(adminKey())).isNotEmpty();
	}

	@Test
	void bootstrapCatalogShouldNotStandInForAnAccountWhoseListWentStale() {
		Login login = login("bind-went-stale", MutableClock.START.plus(Duration.ofDays(3)));
		upstream.models(login.accessToken(), UpstreamStandIn.json(200, models(entry("bind-went-stale", 1, "S"))));
		String account = add(login);
		refresh();
		String key = key("{\"name\":\"bound-went-stale\",\"account_ids\":[\"" + account + "\"]}");
		assertThat(httpIds(key)).containsExactly("bind-went-stale");

		upstream.models(login.accessToken(), UpstreamStandIn.json(503, "{}"));
		this.clock.advance(Duration.ofHours(25));
		assertThat(refresh().get("source").asString()).isEqualTo("bootstrap");
		assertThat(httpIds(adminKey())).as("the bootstrap catalog, for a key without a binding").isNotEmpty();
		assertThat(httpIds(key)).as("its account has data, if stale: no stand-in").isEmpty();
	}

	@Test
	void deletingAnAccountShouldRemoveItFromEveryBindingAndRecordIt() {
		Accounts accounts = threeAccounts();
		JsonNode onlyA = createKey("{\"name\":\"only-a\",\"account_ids\":[\"" + accounts.a() + "\"]}");
		JsonNode aAndB = createKey(
				"{\"name\":\"a-and-b\",\"account_ids\":[\"" + accounts.a() + "\",\"" + accounts.b() + "\"]}");
		HttpResponse<byte[]> deleted = http().send(http().request("/api/accounts/" + accounts.a())
			.header("Authorization", "Bearer " + adminKey())
			.DELETE()
			.build());
		assertThat(deleted.statusCode()).isEqualTo(200);
		refresh();

		assertThat(keyRecord(onlyA).get("account_ids")).isEmpty();
		assertThat(keyRecord(aAndB).get("account_ids").get(0).asString()).isEqualTo(accounts.b());
		assertThat(httpIds(onlyA.get("key").asString())).as("bound to no account: no models, never all").isEmpty();
		assertThat(httpIds(aAndB.get("key").asString())).containsExactlyInAnyOrder("bind-b", "bind-shared");
		for (JsonNode key : List.of(onlyA, aAndB)) {
			JsonNode entry = body(http()
				.get("/api/audit-log?action=api_key.update&target_id=" + key.get("id").asString(), adminKey()))
				.get("data")
				.get(0);
			assertThat(entry.get("actor_id").asString()).isNotBlank();
			assertThat(entry.get("changes").get(0).get("field").asString()).isEqualTo("account_ids");
			assertThat(entry.get("changes").get(0).get("value")).isEqualTo(keyRecord(key).get("account_ids"));
		}

		HttpResponse<byte[]> rebound = http().json("PATCH", "/api/api-keys/" + onlyA.get("id").asString(), adminKey(),
				"{\"account_ids\":null}");
		assertThat(rebound.statusCode()).isEqualTo(200);
		assertThat(body(rebound).get("account_ids").isNull()).isTrue();
		assertThat(httpIds(onlyA.get("key").asString())).containsExactlyInAnyOrder("bind-b", "bind-shared", "bind-c");
	}

	@Test
	void unknownOrEmptyAccountIdsShouldBeRefusedAndStoreNothing() {
		Accounts accounts = threeAccounts();
		int keysBefore = http().all("/api/api-keys", adminKey()).size();
		for (String accountIds : List.of("[\"" + accounts.a() + "\",\"no-such-account\"]", "[]", "[null]", "\"x\"",
				"[1]")) {
			HttpResponse<byte[]> refused = http().json("POST", "/api/api-keys", adminKey(),
					"{\"name\":\"refused\",\"account_ids\":" + accountIds + "}");
			assertThat(refused.statusCode()).as(accountIds).isEqualTo(400);
			ErrorEnvelopes.assertEnvelope(refused.headers().map(), refused.body());
			assertThat(body(refused).get("error").get("type").asString()).isEqualTo("invalid_request_error");
			assertThat(body(refused).get("error").get("param").asString()).as(accountIds).startsWith("account_ids");
		}
		HttpResponse<byte[]> unknown = http().json("POST", "/api/api-keys", adminKey(),
				"{\"name\":\"refused\",\"account_ids\":[\"no-such-account\"]}");
		assertThat(body(unknown).get("error").get("code").asString()).isEqualTo("unknown_account");
		assertThat(body(unknown).get("error").get("message").asString()).contains("no-such-account");
		assertThat(http().all("/api/api-keys", adminKey())).hasSize(keysBefore);

		JsonNode key = createKey("{\"name\":\"patched\",\"account_ids\":[\"" + accounts.b() + "\"]}");
		HttpResponse<byte[]> patched = http().json("PATCH", "/api/api-keys/" + key.get("id").asString(), adminKey(),
				"{\"name\":\"renamed\",\"account_ids\":[\"no-such-account\"]}");
		assertThat(patched.statusCode()).isEqualTo(400);
		JsonNode unchanged = keyRecord(key);
		assertThat(unchanged.get("name").asString()).isEqualTo("patched");
		assertThat(unchanged.get("account_ids").get(0).asString()).isEqualTo(accounts.b());
	}

	private Accounts threeAccounts() {
		Login a = login("bind-a");
		Login b = login("bind-b");
		Login c = login("bind-c");
		upstream.models(a.accessToken(), UpstreamStandIn.json(200, models(entry("bind-a", 1, "A"),
				entry("bind-shared", 3, "Shared, from A"), entry("up-hidden", 4, "Hidden by the operator"))));
		upstream.models(b.accessToken(),
				UpstreamStandIn.json(200, models(entry("bind-b", 2, "B"), entry("bind-shared", 3, "Shared, from B"))));
		upstream.models(c.accessToken(), UpstreamStandIn.json(200, models(entry("bind-c", 5, "C"))));
		String idA = add(a);
		this.clock.advance(Duration.ofSeconds(1));
		String idB = add(b);
		this.clock.advance(Duration.ofSeconds(1));
		String idC = add(c);
		assertThat(refresh().get("source").asString()).isEqualTo("upstream");
		return new Accounts(idA, idB, idC);
	}

	private String key(String request) {
		return createKey(request).get("key").asString();
	}

	private JsonNode keyRecord(JsonNode key) {
		return body(http().get("/api/api-keys/" + key.get("id").asString(), adminKey()));
	}

	private JsonNode explanation(String keyId) {
		HttpResponse<byte[]> response = http().get("/api/api-keys/" + keyId + "/catalog", adminKey());
		assertThat(response.statusCode()).as(Http.text(response)).isEqualTo(200);
		return body(response);
	}

	private List<String> httpIds(String key) {
		List<String> ids = new ArrayList<>();
		body(http().get("/v1/models", key)).get("data").forEach((model) -> ids.add(model.get("id").asString()));
		return ids;
	}

	private List<String> codexSlugs(String key) {
		List<String> slugs = new ArrayList<>();
		body(http().get("/backend-api/codex/models?client_version=0.99.0", key)).get("models")
			.forEach((model) -> slugs.add(model.get("slug").asString()));
		return slugs;
	}

	private static Map<String, JsonNode> byId(JsonNode explanation) {
		Map<String, JsonNode> models = new HashMap<>();
		explanation.get("data").forEach((model) -> models.put(model.get("id").asString(), model));
		return models;
	}

	private static List<String> reasons(JsonNode model) {
		List<String> reasons = new ArrayList<>();
		model.get("reasons").forEach((reason) -> reasons.add(reason.asString()));
		return reasons;
	}

	private static Set<String> listed(JsonNode explanation) {
		Set<String> ids = new LinkedHashSet<>();
		explanation.get("data").forEach((model) -> {
			if (model.get("listed").asBoolean()) {
				ids.add(model.get("id").asString());
			}
		});
		return ids;
	}

	private static Set<String> inCodexModels(JsonNode explanation) {
		Set<String> ids = new LinkedHashSet<>();
		explanation.get("data").forEach((model) -> {
			if (model.get("in_codex_models").asBoolean()) {
				ids.add(model.get("id").asString());
			}
		});
		return ids;
	}

	// the key's accounts are in the order of their random ids, and the snapshot's version
	// counts the rounds of the tests before
	private static JsonNode stable(JsonNode explanation) {
		((ObjectNode) explanation.get("catalog")).put("version", "<version>");
		ArrayNode accountIds = (ArrayNode) explanation.get("account_ids");
		List<String> sorted = new ArrayList<>();
		accountIds.forEach((id) -> sorted.add(id.asString()));
		accountIds.removeAll();
		sorted.stream().sorted().forEach(accountIds::add);
		return explanation;
	}

	private record Accounts(String a, String b, String c) {

	}

}
