package io.codexlb.admin;

import java.net.http.HttpResponse;
import java.util.Map;

import io.codexlb.support.ErrorEnvelopes;
import io.codexlb.support.Golden;
import io.codexlb.support.Http;
import io.codexlb.support.TestJwts;
import io.codexlb.support.UpstreamServerTestSupport;
import io.codexlb.support.UpstreamStandIn;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin API for upstream accounts, against a real HTTP stand-in for the ChatGPT
 * backend and its OAuth server.
 */
class AccountAdminApiTest extends UpstreamServerTestSupport {

	@Test
	void accountResponseShouldMatchGolden() {
		Login login = login("golden");
		HttpResponse<byte[]> added = http().json("POST", "/api/accounts", adminKey(),
				login.authJson().replace("{\"OPENAI_API_KEY\":null,", "{\"name\":\"golden\","));
		assertThat(added.statusCode()).as(Http.text(added)).isEqualTo(201);
		String id = body(added).get("id").asString();
		Golden.assertMatches("account.json", Golden.withPlaceholders(added.body(), Map.of(id, "<id>")));
	}

	@Test
	void addWhenAuthJsonInvalidShouldBe400NamingTheFieldAndStoreNothing() {
		Login login = login("invalid");
		int before = http().all("/api/accounts", adminKey()).size();
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
		assertThat(http().all("/api/accounts", adminKey()).size()).isEqualTo(before);
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
		String huge = TestJwts.accessTokenWithClaims(Map.of("exp", Long.MAX_VALUE, "sub", "x".repeat(300)));
		secrets(huge);
		HttpResponse<byte[]> added = http().json("POST", "/api/accounts", adminKey(),
				TestJwts.authJson("acct-huge-exp", huge, "refresh-huge", null));
		assertThat(added.statusCode()).as(Http.text(added)).isEqualTo(201);
		assertThat(body(added).get("access_token_expires_at").isNull()).isTrue();
	}

	@Test
	void accountsShouldBeRenamedDisabledAndRemovedThroughTheAdminApi() {
		Login login = login("managed");
		upstream.models(login.accessToken(), UpstreamStandIn.json(200, models(entry("up-managed", 1, "M"))));
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

}
