package io.codexlb.openapi;

import java.net.http.HttpResponse;
import java.nio.file.Path;

import io.codexlb.support.ErrorEnvelopes;
import io.codexlb.support.ServerTestSupport;
import org.junit.jupiter.api.Test;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code springdoc.api-docs.enabled=false} and
 * {@code springdoc.swagger-ui.enabled=false} the document and the UI are gone, and their
 * paths are unknown paths like any other: 401 without a key, 404 with one.
 */
class OpenApiSwitchedOffTest extends ServerTestSupport {

	private static final Path ownDataDir = newDataDir();

	@DynamicPropertySource
	static void switchedOff(DynamicPropertyRegistry registry) {
		registry.add("test.data-dir", ownDataDir::toString);
		registry.add("springdoc.api-docs.enabled", () -> "false");
		registry.add("springdoc.swagger-ui.enabled", () -> "false");
	}

	@Test
	void documentAndUiWhenSwitchedOffShouldBeUnknownPaths() {
		for (String path : new String[] { "/v3/api-docs", "/v3/api-docs.yaml", "/v3/api-docs/swagger-config",
				"/swagger-ui.html", "/swagger-ui/index.html" }) {
			HttpResponse<byte[]> withoutKey = http().send(http().request(path).GET().build());
			assertThat(withoutKey.statusCode()).as(path).isEqualTo(401);
			ErrorEnvelopes.assertEnvelope(withoutKey.headers().map(), withoutKey.body());
			HttpResponse<byte[]> withKey = http().get(path, adminKey());
			assertThat(withKey.statusCode()).as(path).isEqualTo(404);
			assertThat(body(withKey).get("error").get("code").asString()).isEqualTo("unknown_url");
		}
	}

}
