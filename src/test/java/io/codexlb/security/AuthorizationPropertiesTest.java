package io.codexlb.security;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

import io.codexlb.CodexLbApplication;
import io.codexlb.apikey.ApiKeyFormat;
import io.codexlb.support.ErrorEnvelopes;
import io.codexlb.support.LeakDetectionExtension;
import io.codexlb.support.RawHttp;
import io.codexlb.support.Secrets;
import io.codexlb.support.ServiceArguments;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.arbitraries.StringArbitrary;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeContainer;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Generated {@code Authorization} headers against a real service on loopback: whatever
 * the header, the answer is 401 with the right challenge (400 when the container refuses
 * the header's bytes), in the envelope, never a 5xx, never echoing the token, and only a
 * token of the key format costs a store lookup. jqwik runs outside Spring's test support,
 * so the service is started here.
 */
class AuthorizationPropertiesTest {

	private static final String BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

	private static final Pattern WELL_FORMED_BEARER = Pattern.compile("(?i:bearer) +sk-clb-[A-Za-z0-9_-]{43}");

	private static ConfigurableApplicationContext service;

	private static int port;

	private static MeterRegistry meterRegistry;

	@BeforeContainer
	static void startService() throws Exception {
		Path dataDir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "codex-lb-fuzz-");
		String adminKey = ApiKeyFormat.generate();
		Secrets.register(adminKey);
		service = new SpringApplicationBuilder(CodexLbApplication.class).run(ServiceArguments.onLoopback()
			.dataDir(dataDir.resolve("data"))
			.with("codex-lb.admin-key", adminKey)
			.with("codex-lb.catalog.bootstrap-resource", "classpath:fixtures/upstream-models.json")
			.toArray());
		port = ((WebServerApplicationContext) service).getWebServer().getPort();
		meterRegistry = service.getBean(MeterRegistry.class);
	}

	@AfterContainer
	static void stopService() {
		if (service != null) {
			service.close();
		}
	}

	@AfterProperty
	void noSecretLeaked() {
		LeakDetectionExtension.assertNoLeaks("in a property of AuthorizationPropertiesTest");
	}

	@Property(tries = 300)
	void printableHeaderShouldBe401WithTheRightChallengeAndNoLookupUnlessKeyShaped(
			@ForAll("authorizationHeaders") String header) {
		long lookups = lookups();
		RawHttp.Response response = RawHttp.exchange(port,
				RawHttp.request("GET", "/backend-api/codex/models", "Authorization: " + header));
		String trimmed = header.strip();
		boolean bearer = trimmed.regionMatches(true, 0, "bearer ", 0, 7) && !trimmed.substring(7).isBlank();
		AuthorizationInputTest.assertRejected(response, 401,
				bearer ? AuthorizationInputTest.INVALID : AuthorizationInputTest.MISSING,
				bearer ? AuthorizationInputTest.INVALID_CHALLENGE : AuthorizationInputTest.CHALLENGE, header);
		assertThat(lookups()).as("store lookups").isEqualTo(lookups);
	}

	@Property(tries = 200)
	void anyHeaderBytesShouldBe400Or401EnvelopeAndNeverAServerError(@ForAll("headerBytes") byte[] value) {
		long lookups = lookups();
		byte[] head = "GET /v1/models HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: "
			.getBytes(StandardCharsets.US_ASCII);
		byte[] tail = "\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
		byte[] request = new byte[head.length + value.length + tail.length];
		System.arraycopy(head, 0, request, 0, head.length);
		System.arraycopy(value, 0, request, head.length, value.length);
		System.arraycopy(tail, 0, request, head.length + value.length, tail.length);
		RawHttp.Response response = RawHttp.exchange(port, request);
		boolean control = false;
		for (byte b : value) {
			int unsigned = b & 0xff;
			// C0 controls but tab, DEL, and the C1 controls the firewall refuses
			control |= (unsigned < 0x20 && unsigned != '\t') || (unsigned >= 0x7f && unsigned <= 0x9f);
		}
		assertThat(response.status()).isEqualTo(control ? 400 : 401);
		ErrorEnvelopes.assertEnvelope(response);
		assertThat(lookups()).as("store lookups").isEqualTo(lookups);
	}

	@Property(tries = 40)
	void unknownKeyOfTheKeyFormatShouldBe401InvalidAfterOneLookup(@ForAll("unknownKeys") String key,
			@ForAll("bearerSchemes") String scheme) {
		long lookups = lookups();
		RawHttp.Response response = RawHttp.exchange(port,
				RawHttp.request("GET", "/v1/models", "Authorization: " + scheme + key));
		AuthorizationInputTest.assertRejected(response, 401, AuthorizationInputTest.INVALID,
				AuthorizationInputTest.INVALID_CHALLENGE, key);
		assertThat(lookups()).as("store lookups").isEqualTo(lookups + 1);
	}

	@Provide
	Arbitrary<String> authorizationHeaders() {
		Arbitrary<String> schemes = Arbitraries.of("", "Bearer ", "bearer ", "BEARER ", "BeArEr ", "Bearer   ",
				"Bearer", "Basic ", "Token ", "Bearer\t", " Bearer ");
		StringArbitrary printable = Arbitraries.strings().withCharRange(' ', '~');
		Arbitrary<String> tokens = Arbitraries.oneOf(printable.ofMaxLength(120),
				Arbitraries.strings().withChars(BASE64URL).ofMaxLength(80).map((s) -> "sk-clb-" + s),
				printable.ofLength(43).map((s) -> "sk-clb-" + s),
				Arbitraries.strings().withChars(BASE64URL + "+/=.~ ").ofLength(43).map((s) -> "sk-clb-" + s),
				printable.ofMinLength(1000).ofMaxLength(12_000));
		return Combinators.combine(schemes, tokens)
			.as(String::concat)
			.filter((header) -> !WELL_FORMED_BEARER.matcher(header.strip()).matches());
	}

	@Provide
	Arbitrary<byte[]> headerBytes() {
		// no LF: a line break would end the header and start another one
		return Arbitraries.bytes().filter((b) -> b != '\n').array(byte[].class).ofMaxSize(200);
	}

	@Provide
	Arbitrary<String> unknownKeys() {
		return Arbitraries.strings().withChars(BASE64URL).ofLength(43).map((s) -> "sk-clb-" + s);
	}

	@Provide
	Arbitrary<String> bearerSchemes() {
		return Arbitraries.of("Bearer ", "bearer ", "BEARER ", "Bearer  ");
	}

	private static long lookups() {
		return (long) meterRegistry.find("cache.gets")
			.tag("cache", "api-keys")
			.functionCounters()
			.stream()
			.mapToDouble(FunctionCounter::count)
			.sum();
	}

}
