package io.codexlb.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import io.codexlb.datadir.DataDirectory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shared end-to-end context: the real server on a free loopback port, its own data
 * directory (H2 file database, generated admin key), the fixture catalog and a clock the
 * tests move.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "codex-lb.catalog.bootstrap-resource=classpath:fixtures/upstream-models.json",
				"codex-lb.api-keys.last-used-flush-interval=200ms",
				// the clock stands still in these tests: buckets never refill on their
				// own
				"codex-lb.rate-limit.default.requests-per-minute=1000000",
				// a test class that needs a context of its own sets test.data-dir; the
				// upstream tests share theirs
				"codex-lb.data-dir=${test.data-dir:${test.upstream-data-dir:${test.shared-data-dir}}}" })
@Import(TestClockConfiguration.class)
public abstract class ServerTestSupport {

	protected static final JsonMapper json = JsonMapper.builder().build();

	private static final Path dataDir = newDataDir();

	@LocalServerPort
	protected int port;

	@Autowired
	protected MutableClock clock;

	@Autowired
	private DataDirectory dataDirectory;

	@Autowired
	private Environment environment;

	@DynamicPropertySource
	static void loopbackAndDataDirectory(DynamicPropertyRegistry registry) {
		ServiceArguments.onLoopback().register(registry);
		registry.add("test.shared-data-dir", dataDir::toString);
	}

	protected Http http() {
		return new Http(this.port);
	}

	protected Path dataDir() {
		return this.dataDirectory.root();
	}

	protected String adminKey() {
		String configured = this.environment.getProperty("codex-lb.admin-key");
		if (configured != null) {
			return configured;
		}
		try {
			return Files.readString(dataDir().resolve("admin-key")).strip();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	protected static JsonNode body(HttpResponse<byte[]> response) {
		return json.readTree(response.body());
	}

	/**
	 * Creates a key through the admin API.
	 * @param requestBody the create request
	 * @return the created record, with {@code key}
	 */
	protected JsonNode createKey(String requestBody) {
		HttpResponse<byte[]> response = http().json("POST", "/api/api-keys", adminKey(), requestBody);
		assertThat(response.statusCode()).as(Http.text(response)).isEqualTo(201);
		return body(response);
	}

	/**
	 * A new data directory, for a test class that needs a context of its own.
	 * @return the directory
	 */
	protected static Path newDataDir() {
		try {
			Path base = Path.of(System.getProperty("java.io.tmpdir"));
			Files.createDirectories(base);
			return Files.createTempDirectory(base, "codex-lb-test-").resolve("data");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
