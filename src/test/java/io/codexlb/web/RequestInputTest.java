package io.codexlb.web;

import java.util.List;

import io.codexlb.support.ErrorEnvelopes;
import io.codexlb.support.RawHttp;
import io.codexlb.support.ServerTestSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Query strings and model paths a client may send, byte for byte: unknown parameters are
 * ignored, {@code client_version} may be anything, and odd model ids (encoded slashes,
 * dot segments, nulls, very long ones) get a 400 or 404 envelope, never a 5xx.
 */
class RequestInputTest extends ServerTestSupport {

	@Test
	void unknownQueryParametersShouldBeIgnored() {
		byte[] plain = get("/backend-api/codex/models").body();
		byte[] codex = get("/backend-api/codex/models?client_version=0.169.0").body();
		for (String query : List.of("?foo=bar", "?limit=-1&after=%00&order=desc", "?x%5B%5D=1&x%5B%5D=2", "?&&", "?foo",
				"?a=" + "b".repeat(4000), "?" + "a=b&".repeat(500))) {
			RawHttp.Response response = get("/backend-api/codex/models" + query);
			assertThat(response.status()).as(query).isEqualTo(200);
			assertThat(response.body()).as(query).isEqualTo(plain);
		}
		RawHttp.Response withVersion = get("/backend-api/codex/models?foo=bar&client_version=0.169.0&baz");
		assertThat(withVersion.body()).isEqualTo(codex);
	}

	@Test
	void clientVersionOfAnyLengthOrCharsetShouldSelectTheCodexShape() {
		for (String version : List.of("", "0.169.0", "x".repeat(8000), "%E2%9C%93", "%F0%9F%94%91", "%00",
				"%0D%0AX-Injected:%201", "%22%7D%5D", "1.0&client_version=2.0", "+++", "%C3%A9%E2%80%AE")) {
			RawHttp.Response response = get("/backend-api/codex/models?client_version=" + version);
			assertThat(response.status()).as(version).isEqualTo(200);
			assertThat(json.readTree(response.body()).has("models")).as(version).isTrue();
			assertThat(response.header("X-Injected")).isEmpty();
		}
		RawHttp.Response bare = get("/backend-api/codex/models?client_version");
		assertThat(bare.status()).isEqualTo(200);
	}

	@Test
	void queryTheContainerCannotParseShouldBe400Envelope() {
		for (String query : List.of("?client_version=%zz", "?client_version=%FF", "?client_version=%C3",
				"?client_version=%", "?foo=%E2%82", "?=x", "?=&&=")) {
			RawHttp.Response response = get("/backend-api/codex/models" + query);
			assertThat(response.status()).as(query).isEqualTo(400);
			JsonNode error = ErrorEnvelopes.assertEnvelope(response);
			assertThat(error.get("type").asString()).isEqualTo("invalid_request_error");
		}
	}

	@Test
	void oddModelIdsShouldBe400Or404EnvelopeNeverAServerError() {
		for (String prefix : List.of("/backend-api/codex/models/", "/v1/models/", "/backend-api/codex/v1/models/")) {
			for (String id : List.of("a%2Fb", "a%2fb", "..%2F..%2Fapi%2Fapi-keys", "../../api/api-keys", "..", "%2e%2e",
					"%2e%2e/%2e%2e/api/api-keys", ".", "./gpt-test-pro", "%2E", "a%00b", "%00", "%zz", "%", "a;b=c",
					"a%3Bb", "a%5Cb", "a\\b", "%20", "a%20b", "%C3%A9", "%FF", "%E2%80%AEevil", "%22%7D",
					"%3Cscript%3E", "gpt-test-pro/", "gpt-test-pro//x", "gpt-test-pro%2F", "x".repeat(8000),
					"%25".repeat(100), "sk-clb-" + "A".repeat(43), "unknown-model")) {
				RawHttp.Response response = get(prefix + id);
				String described = prefix + ((id.length() > 60) ? id.substring(0, 60) + "..." : id);
				assertThat(response.status()).as(described).isIn(400, 404);
				JsonNode error = ErrorEnvelopes.assertEnvelope(response);
				assertThat(error.get("type").asString()).as(described).isEqualTo("invalid_request_error");
			}
		}
	}

	@Test
	void modelIdLongerThanTheHeaderLimitShouldBe431Envelope() {
		RawHttp.Response response = get("/backend-api/codex/models/" + "x".repeat(20_000));
		assertThat(response.status()).isEqualTo(431);
		ErrorEnvelopes.assertEnvelope(response);
	}

	@Test
	void modelIdWithQuotesShouldBeQuotedSafelyInTheMessage() {
		RawHttp.Response response = get("/v1/models/%22%7D%2C%22x%22%3A%22%0A");
		assertThat(response.status()).isIn(400, 404);
		ErrorEnvelopes.assertEnvelope(response);
	}

	private RawHttp.Response get(String target) {
		RawHttp.Response response = RawHttp.exchange(this.port,
				RawHttp.request("GET", target, "Authorization: Bearer " + adminKey()));
		assertThat(response.outcome()).as(target).isEqualTo(RawHttp.Outcome.ANSWERED);
		assertThat(response.status()).as(target).isLessThan(500);
		return response;
	}

}
