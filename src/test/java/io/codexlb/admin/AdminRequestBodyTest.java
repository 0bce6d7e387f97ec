package io.codexlb.admin;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import io.codexlb.support.ErrorEnvelopes;
import io.codexlb.support.RawHttp;
import io.codexlb.support.ServerTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An admin request body must arrive within {@code codex-lb.admin.request-body-timeout}
 * (10 s): one that stops arriving, or is still arriving when the time is up, is refused
 * with 408 and its connection closed.
 */
class AdminRequestBodyTest extends ServerTestSupport {

	private static final String FEW_BYTES = "{\"na";

	@AfterEach
	void resetClock() {
		this.clock.reset();
	}

	@Test
	void bodyThatStallsShouldBe408AndClosed() throws IOException {
		try (Socket socket = RawHttp.connect(this.port)) {
			OutputStream output = socket.getOutputStream();
			output.write(RawHttp.keepAlive(RawHttp.request("POST", "/api/api-keys",
					"Authorization: Bearer " + adminKey(), "Content-Type: application/json", "Content-Length: 100")));
			output.write(FEW_BYTES.getBytes(StandardCharsets.US_ASCII));
			output.flush();
			// the body's read gives up after the body timeout; nothing else ends it
			assertRequestTimeout(RawHttp.readUntilServerCloses(socket.getInputStream()));
		}
	}

	@Test
	void bodyStillArrivingAfterTheTimeoutShouldBe408AndClosed() throws IOException {
		try (Socket socket = RawHttp.connect(this.port)) {
			OutputStream output = socket.getOutputStream();
			output
				.write(RawHttp.keepAlive(RawHttp.request("POST", "/api/api-keys", "Authorization: Bearer " + adminKey(),
						"Content-Type: application/json", "Content-Length: 100", "Expect: 100-continue")));
			output.flush();
			// the 100 comes when the service starts reading the body, with its deadline
			assertThat(RawHttp.readInterim(socket.getInputStream())).startsWith("HTTP/1.1 100");
			this.clock.advance(Duration.ofSeconds(11));
			output.write(FEW_BYTES.getBytes(StandardCharsets.US_ASCII));
			output.flush();
			assertRequestTimeout(RawHttp.readUntilServerCloses(socket.getInputStream()));
		}
	}

	@Test
	void bodyWithinTheTimeoutShouldBeAccepted() throws IOException {
		byte[] body = ("{\"name\":\"in-time-" + UUID.randomUUID() + "\"}").getBytes(StandardCharsets.UTF_8);
		try (Socket socket = RawHttp.connect(this.port)) {
			OutputStream output = socket.getOutputStream();
			output.write(RawHttp.request("POST", "/api/api-keys", "Authorization: Bearer " + adminKey(),
					"Content-Type: application/json", "Content-Length: " + body.length, "Expect: 100-continue"));
			output.flush();
			assertThat(RawHttp.readInterim(socket.getInputStream())).startsWith("HTTP/1.1 100");
			this.clock.advance(Duration.ofSeconds(9));
			output.write(body);
			output.flush();
			RawHttp.Response response = RawHttp.read(socket.getInputStream());
			assertThat(response.status()).as(response.text()).isEqualTo(201);
		}
	}

	private static void assertRequestTimeout(RawHttp.Response response) {
		assertThat(response.status()).as(response.text()).isEqualTo(408);
		assertThat(response.header("Connection")).containsExactly("close");
		JsonNode error = ErrorEnvelopes.assertEnvelope(response);
		assertThat(error.get("type").asString()).isEqualTo("invalid_request_error");
		assertThat(error.get("code").asString()).isEqualTo("request_timeout");
		assertThat(error.get("message").asString()).isEqualTo("The request body did not arrive in time.");
	}

}
