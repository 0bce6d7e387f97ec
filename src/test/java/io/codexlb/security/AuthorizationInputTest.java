package io.codexlb.security;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.codexlb.support.ErrorEnvelopes;
import io.codexlb.support.RawHttp;
import io.codexlb.support.ServerTestSupport;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hand-picked {@code Authorization} headers, sent byte for byte: each is refused with the
 * right 401 (or 400/431 when the container refuses the header itself), in the envelope,
 * never with a 5xx, never echoing the token, and a malformed token never reaches the key
 * store. {@link AuthorizationPropertiesTest} does the same with generated headers.
 */
@ExtendWith(OutputCaptureExtension.class)
class AuthorizationInputTest extends ServerTestSupport {

	static final String MISSING = "Missing API key in Authorization header";

	static final String INVALID = "Invalid API key";

	static final String CHALLENGE = "Bearer realm=\"codex-lb\"";

	static final String INVALID_CHALLENGE = "Bearer realm=\"codex-lb\", error=\"invalid_token\"";

	@Autowired
	private MeterRegistry meterRegistry;

	@Test
	void headerWhenNotABearerCredentialShouldBe401MissingKeyWithoutStoreLookup() {
		String key = adminKey();
		List<String[]> cases = List.of(new String[0], headers(""), headers("Bearer"), headers("Bearer      "),
				headers("Basic dXNlcjpwYXNz"), headers("Basic " + key), headers("Token " + key),
				headers("Bearer\t" + key), headers("Bearer-" + key), headers(key), headers("Bearerx " + key),
				headers("Digest username=\"x\""),
				// the first header decides the scheme; a second one does not help
				headers("Basic dXNlcjpwYXNz", "Bearer " + key));
		assertRefusedWithoutLookup(cases, 401, MISSING, CHALLENGE);
	}

	@Test
	void tokenWhenMalformedShouldBe401InvalidKeyWithoutStoreLookup() {
		String key = adminKey();
		String alphabet = key.substring(7);
		List<String[]> cases = new ArrayList<>();
		for (String token : List.of("x", "not-a-key", "sk-clb-", "sk-clb-" + alphabet.substring(1),
				"sk-clb-" + alphabet + "A", key + key, "SK-CLB-" + alphabet, "sk_clb_" + alphabet,
				"sk-clb-" + alphabet.substring(1) + "+", "sk-clb-" + alphabet.substring(1) + "/",
				"sk-clb-" + alphabet.substring(1) + "=", "sk-clb-" + alphabet.substring(2) + "==",
				"sk-clb-" + alphabet.substring(1) + ".", "x".repeat(10_000), "sk-clb-" + "A".repeat(10_000),
				"' OR '1'='1", "sk-clb-' OR 1=1 --" + "A".repeat(25), "sk-clb-'); DROP TABLE api_keys; --",
				"${jndi:ldap://127.0.0.1/a}", "%s%n%x{}", "sk-clb-" + "A".repeat(42) + "\"", key + " trailing",
				"<script>alert(1)</script>", "sk-clb-../../etc/passwd", key.substring(0, 12))) {
			cases.add(headers("Bearer " + token));
		}
		// one byte per character, as ISO-8859-1 (how the container reads header bytes)
		cases.add(headers("Bearer sk-clb-" + "\u00e9".repeat(43)));
		cases.add(headers("Bearer " + key.substring(0, 49) + "\u00ff"));
		// a comma-joined list of two credentials is one malformed token
		cases.add(headers("Bearer " + key + ", Bearer " + key));
		assertRefusedWithoutLookup(cases, 401, INVALID, INVALID_CHALLENGE);
	}

	@Test
	void tokenWhenUtf8BytesShouldBe401InvalidKeyOr400WithoutStoreLookup() {
		long lookups = lookups();
		// the container reads header bytes as ISO-8859-1: UTF-8 bytes of these become
		// letters, a malformed token
		for (String token : List.of("sk-clb-" + "\u00fc".repeat(43), "\u00f1and\u00fa-" + "x".repeat(40))) {
			assertRejected(RawHttp.exchange(this.port, utf8Authorization(token)), 401, INVALID, INVALID_CHALLENGE,
					token);
		}
		// ... and these contain bytes 0x80 to 0x9f, C1 control characters, which the
		// firewall refuses
		for (String token : List.of("sk-clb-" + "\uD83D\uDD11".repeat(20) + "abc", "\u20ac".repeat(20),
				"\u043a\u043b\u044e\u0447-" + "x".repeat(40))) {
			assertRejected(RawHttp.exchange(this.port, utf8Authorization(token)), 400, null, null, token);
		}
		assertThat(lookups()).isEqualTo(lookups);
	}

	private static byte[] utf8Authorization(String token) {
		return concat(
				("GET /v1/models HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ")
					.getBytes(StandardCharsets.US_ASCII),
				token.getBytes(StandardCharsets.UTF_8),
				"\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
	}

	@Test
	void twoAuthorizationHeadersShouldBe401InvalidKeyEvenWhenBothAreValid() {
		String key = adminKey();
		assertRefusedWithoutLookup(List.of(headers("Bearer " + key, "Bearer " + key),
				headers("Bearer " + key, "Basic dXNlcjpwYXNz"), headers("bearer " + key, "Bearer sk-clb-x")), 401,
				INVALID, INVALID_CHALLENGE);
	}

	@Test
	void headerWithControlCharactersShouldBeRefusedByTheContainerWith400Envelope(CapturedOutput output) {
		String key = adminKey();
		List<String[]> cases = new ArrayList<>();
		for (String token : List.of(key + "\u0000", key + "\u0001", "sk-clb-\u0000" + key.substring(8),
				key.substring(0, 20) + "\u001b[31m" + key.substring(25), key + "\u007f",
				// log injection: a forged log line after a bare CR or LF
				"x\rINFO forged-log-line-1", "x\nINFO forged-log-line-2")) {
			cases.add(headers("Bearer " + token));
		}
		assertRefusedWithoutLookup(cases, 400, null, null);
		assertThat(output.getAll()).doesNotContain("forged-log-line");
	}

	@Test
	void tokenLargerThanTheHeaderLimitShouldBe431Envelope() {
		assertRefusedWithoutLookup(
				List.of(headers("Bearer " + "x".repeat(20_000)), headers("Bearer " + adminKey() + "A".repeat(20_000))),
				431, null, null);
	}

	@Test
	void wellFormedUnknownKeysShouldBe401InvalidKeyAfterOneStoreLookupEach() {
		List<String> unknown = List.of("sk-clb-" + "A".repeat(43), "sk-clb-" + "_".repeat(43),
				"sk-clb-" + "-".repeat(43), "sk-clb-" + adminKey().substring(7).toUpperCase(),
				"sk-clb-" + "Z9".repeat(21) + "z");
		long lookups = lookups();
		for (String token : unknown) {
			assertRejected(
					RawHttp.exchange(this.port, RawHttp.request("GET", "/v1/models", "Authorization: Bearer " + token)),
					401, INVALID, INVALID_CHALLENGE, token);
		}
		assertThat(lookups()).isEqualTo(lookups + unknown.size());
	}

	@Test
	void schemeInAnyCaseAndSpacesAroundTheTokenShouldAuthenticate() {
		String key = adminKey();
		// Tomcat drops whitespace around a header value, so a valid key with a trailing
		// space reaches the service as the valid key itself: accepted, since nothing
		// about the credential is in doubt
		for (String authorization : List.of("Bearer " + key, "bearer " + key, "BEARER " + key, "bEaReR " + key,
				"Bearer   " + key, "Bearer " + key + " ", "Bearer " + key + "\t", "  Bearer " + key)) {
			RawHttp.Response response = RawHttp.exchange(this.port,
					RawHttp.request("GET", "/v1/models", "Authorization: " + authorization));
			assertThat(response.status()).as(authorization.replace(key, "<key>")).isEqualTo(200);
			ErrorEnvelopes.assertSecurityHeaders(response.headers());
		}
	}

	private void assertRefusedWithoutLookup(List<String[]> cases, int status, String message, String challenge) {
		long lookups = lookups();
		for (String[] authorization : cases) {
			List<String> lines = new ArrayList<>();
			for (String value : authorization) {
				lines.add("Authorization: " + value);
			}
			RawHttp.Response response = RawHttp.exchange(this.port,
					RawHttp.request("GET", "/backend-api/codex/models", lines.toArray(String[]::new)));
			assertRejected(response, status, message, challenge, String.join(" | ", authorization));
		}
		assertThat(lookups()).as("store lookups").isEqualTo(lookups);
	}

	static void assertRejected(RawHttp.Response response, int status, String message, String challenge, String sent) {
		String described = (sent.length() > 80) ? sent.substring(0, 80) + "..." : sent;
		assertThat(response.status()).as(described).isEqualTo(status);
		JsonNode error = ErrorEnvelopes.assertEnvelope(response);
		if (message != null) {
			assertThat(error.get("message").asString()).isEqualTo(message);
			assertThat(error.get("code").asString()).isEqualTo("invalid_api_key");
			assertThat(error.get("type").asString()).isEqualTo("authentication_error");
		}
		if (challenge != null) {
			assertThat(response.header("WWW-Authenticate")).as(described).containsExactly(challenge);
		}
		String token = sent.replaceFirst("^(?i)bearer ", "").strip();
		if (token.length() >= 8) {
			assertThat(response.text()).doesNotContain(token);
		}
	}

	private long lookups() {
		return (long) this.meterRegistry.find("cache.gets")
			.tag("cache", "api-keys")
			.functionCounters()
			.stream()
			.mapToDouble(FunctionCounter::count)
			.sum();
	}

	private static String[] headers(String... values) {
		return values;
	}

	private static byte[] concat(byte[]... parts) {
		int length = 0;
		for (byte[] part : parts) {
			length += part.length;
		}
		byte[] all = new byte[length];
		int offset = 0;
		for (byte[] part : parts) {
			System.arraycopy(part, 0, all, offset, part.length);
			offset += part.length;
		}
		return all;
	}

}
