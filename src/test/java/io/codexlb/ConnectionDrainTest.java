package io.codexlb;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.codexlb.apikey.ApiKeyFormat;
import io.codexlb.support.RawHttp;
import io.codexlb.support.Secrets;
import io.codexlb.support.ServiceProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * SIGTERM while a load balancer holds kept-alive connections, to the service as its own
 * process: new connections are refused at once, a request that still comes on an open
 * connection is answered (with {@code Connection: close}) instead of being cut off or
 * refused with 503, and the service exits once its open connections are closed.
 */
class ConnectionDrainTest {

	@TempDir(cleanup = CleanupMode.ON_SUCCESS)
	Path workDir;

	@Test
	void sigtermShouldAnswerRequestsOnOpenConnectionsUntilTheyAreClosed() throws Exception {
		String adminKey = ApiKeyFormat.generate();
		Secrets.register(adminKey);
		Path log = this.workDir.resolve("service.log");
		// a drain timeout far longer than the test waits: the service must exit because
		// its connections closed
		try (ServiceProcess service = ServiceProcess.startReady(this.workDir.resolve("data"), log,
				"--codex-lb.admin-key=" + adminKey, "--codex-lb.shutdown.drain-timeout=120s")) {
			try (Socket used = RawHttp.connect(service.port()); Socket idle = RawHttp.connect(service.port())) {
				assertThat(head(used, adminKey)).startsWith("HTTP/1.1 200")
					.doesNotContainIgnoringCase("Connection: close");
				assertThat(head(idle, adminKey)).startsWith("HTTP/1.1 200");

				service.terminate();
				await().atMost(Duration.ofSeconds(30))
					.pollInterval(Duration.ofMillis(20))
					.until(() -> RawHttp.refusesConnections(service.port()));

				assertThat(head(used, adminKey)).as("a request on an open connection after SIGTERM")
					.startsWith("HTTP/1.1 200")
					.containsIgnoringCase("Connection: close");
				assertThat(used.getInputStream().read()).as("the connection is closed after the answer").isEqualTo(-1);
				await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> service.isAlive());
			}
			assertThat(service.awaitExit(Duration.ofSeconds(30))).as("exits once the last connection is closed")
				.isTrue();
			String serviceLog = Files.readString(log);
			assertThat(serviceLog).contains("Stopped accepting connections on port [" + service.port())
				.contains("the open ones were closed within")
				.contains("Graceful shutdown complete");
			Secrets.check(serviceLog, "the service's log");
		}
	}

	// a HEAD on a kept-alive connection: the answer ends with its headers
	private static String head(Socket socket, String adminKey) throws IOException {
		OutputStream output = socket.getOutputStream();
		output.write(("HEAD /v1/models HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + adminKey + "\r\n\r\n")
			.getBytes(StandardCharsets.ISO_8859_1));
		output.flush();
		InputStream input = socket.getInputStream();
		StringBuilder answer = new StringBuilder();
		while (!answer.toString().endsWith("\r\n\r\n")) {
			int b = input.read();
			if (b == -1) {
				break;
			}
			answer.append((char) b);
		}
		return answer.toString();
	}

}
