package io.codexlb.web;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import io.codexlb.support.ErrorEnvelopes;
import io.codexlb.support.RawHttp;
import io.codexlb.support.ServerTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Request bodies the service does not want do not hold a worker thread: a request
 * answered before its body is read gets its answer and a closed connection, and
 * {@code 100 Continue} goes only to requests that passed authentication. Four worker
 * threads, so that a held thread shows; a body read that waits longer than the test
 * client's read timeout (20 s), so that a connection kept for its body fails the test
 * instead of only slowing it down.
 */
@TestPropertySource(properties = { "server.tomcat.threads.max=4", "server.tomcat.threads.min-spare=4",
		"codex-lb.admin.request-body-timeout=60s" })
class SlowRequestBodyTest extends ServerTestSupport {

	private static final int WORKER_THREADS = 4;

	private static final Path ownDataDir = newDataDir();

	// the start of a body that declares itself much longer
	private static final String FEW_BYTES = "{\"na";

	@DynamicPropertySource
	static void ownContext(DynamicPropertyRegistry registry) {
		registry.add("test.data-dir", ownDataDir::toString);
	}

	static Stream<Arguments> requestsAnsweredBeforeTheirBody() {
		return Stream.of(Arguments.of("no key, admin route", "POST", "/api/api-keys", "none", 401),
				Arguments.of("no key, models route", "POST", "/backend-api/codex/models", "none", 401),
				Arguments.of("no key, unknown route", "POST", "/nothing/here", "none", 401),
				Arguments.of("no key, a form body", "PUT", "/api/api-keys", "form", 401),
				Arguments.of("no key, a chunked body", "POST", "/api/api-keys", "chunked", 401),
				Arguments.of("bad key", "POST", "/v1/models", "bad", 401),
				Arguments.of("not an admin key", "POST", "/api/api-keys", "user", 403),
				Arguments.of("unknown route", "POST", "/nothing/here", "admin", 404),
				Arguments.of("method not allowed", "POST", "/backend-api/codex/models", "admin", 405),
				Arguments.of("a body on a GET", "GET", "/v1/models", "admin", 200),
				Arguments.of("larger than the admin limit", "POST", "/api/api-keys", "too-large", 413));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("requestsAnsweredBeforeTheirBody")
	void requestAnsweredBeforeItsBodyShouldBeClosedNotDrained(String name, String method, String path, String kind,
			int status) throws IOException {
		try (Socket socket = RawHttp.connect(this.port)) {
			OutputStream output = socket.getOutputStream();
			output.write(head(method, path, kind));
			// a chunked body starts with the size of its first chunk: 60000 bytes
			output.write(((kind.equals("chunked") ? "ea60\r\n" : "") + FEW_BYTES).getBytes(StandardCharsets.US_ASCII));
			output.flush();
			RawHttp.Response response = RawHttp.readUntilServerCloses(socket.getInputStream());
			assertThat(response.status()).as(response.text()).isEqualTo(status);
			ErrorEnvelopes.assertSecurityHeaders(response.headers());
			if (status >= 400) {
				ErrorEnvelopes.assertEnvelope(response);
			}
			if (!kind.equals("chunked")) {
				assertThat(response.header("Connection")).containsExactly("close");
			}
		}
	}

	@Test
	void moreSlowBodiesThanWorkerThreadsShouldNotHoldUpTheModelsRoute() throws IOException {
		List<Socket> slow = new ArrayList<>();
		try {
			for (int i = 0; i < WORKER_THREADS * 3; i++) {
				Socket socket = RawHttp.connect(this.port);
				slow.add(socket);
				String path = (i % 2 == 0) ? "/api/api-keys" : "/backend-api/codex/models";
				// no byte of the body at all: a server that drains the body waits for the
				// first one (with some of it at hand, Tomcat gives up on draining at
				// once)
				socket.getOutputStream().write(head("POST", path, "none"));
				socket.getOutputStream().flush();
			}
			// the slow connections send nothing more; each would hold a thread while
			// the server waited for its body
			for (int i = 0; i < WORKER_THREADS * 2; i++) {
				RawHttp.Response models = RawHttp.exchange(this.port,
						RawHttp.request("GET", "/backend-api/codex/models", "Authorization: Bearer " + adminKey()));
				assertThat(models.outcome()).isEqualTo(RawHttp.Outcome.ANSWERED);
				assertThat(models.status()).as(models.text()).isEqualTo(200);
			}
			for (Socket socket : slow) {
				RawHttp.Response refused = RawHttp.readUntilServerCloses(socket.getInputStream());
				assertThat(refused.status()).as(refused.text()).isEqualTo(401);
			}
		}
		finally {
			for (Socket socket : slow) {
				socket.close();
			}
		}
	}

	static Stream<Arguments> requestsRefusedBeforeTheirBody() {
		return Stream.of(Arguments.of("no key", "none", 401), Arguments.of("bad key", "bad", 401),
				Arguments.of("not an admin key", "user", 403),
				Arguments.of("larger than the admin limit", "too-large", 413));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("requestsRefusedBeforeTheirBody")
	void expectContinueShouldGetNo100WhenTheRequestIsRefusedBeforeItsBody(String name, String kind, int status)
			throws IOException {
		try (Socket socket = RawHttp.connect(this.port)) {
			socket.getOutputStream().write(head("POST", "/api/api-keys", kind, "Expect: 100-continue"));
			socket.getOutputStream().flush();
			RawHttp.Response response = RawHttp.readUntilServerCloses(socket.getInputStream());
			assertThat(response.status()).as(response.text()).isEqualTo(status);
			assertThat(response.text()).doesNotContain("HTTP/1.1 100");
			assertThat(response.header("Connection")).containsExactly("close");
			ErrorEnvelopes.assertEnvelope(response);
		}
	}

	@Test
	void expectContinueWithAnAdminKeyShouldGet100AndThenTheAnswer() throws IOException {
		byte[] body = ("{\"name\":\"continued-" + UUID.randomUUID() + "\"}").getBytes(StandardCharsets.UTF_8);
		try (Socket socket = RawHttp.connect(this.port)) {
			OutputStream output = socket.getOutputStream();
			output.write(RawHttp.request("POST", "/api/api-keys", "Authorization: Bearer " + adminKey(),
					"Content-Type: application/json", "Content-Length: " + body.length, "Expect: 100-continue"));
			output.flush();
			assertThat(RawHttp.readInterim(socket.getInputStream())).startsWith("HTTP/1.1 100");
			output.write(body);
			output.flush();
			RawHttp.Response response = RawHttp.read(socket.getInputStream());
			assertThat(response.status()).as(response.text()).isEqualTo(201);
		}
	}

	private byte[] head(String method, String path, String kind, String... more) {
		List<String> lines = new ArrayList<>(List.of(more));
		switch (kind) {
			case "admin", "too-large" -> lines.add("Authorization: Bearer " + adminKey());
			case "user" -> lines.add("Authorization: Bearer "
					+ createKey("{\"name\":\"slow-" + UUID.randomUUID() + "\"}").get("key").asString());
			case "bad" -> lines.add("Authorization: Bearer sk-clb-x");
			default -> {
			}
		}
		if (kind.equals("chunked")) {
			lines.add("Content-Type: application/json");
			lines.add("Transfer-Encoding: chunked");
		}
		else {
			lines.add(kind.equals("form") ? "Content-Type: application/x-www-form-urlencoded"
					: "Content-Type: application/json");
			lines.add("Content-Length: " + (kind.equals("too-large") ? 99_999_999 : 60_000));
		}
		// the server, not the client, must be the one to end the connection
		return RawHttp.keepAlive(RawHttp.request(method, path, lines.toArray(String[]::new)));
	}

}
