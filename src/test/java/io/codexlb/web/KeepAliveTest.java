package io.codexlb.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import io.codexlb.support.RawHttp;
import io.codexlb.support.ServerTestSupport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Connections stay open between requests whose bodies were read (or that had none): only
 * a refused request with a body still unread loses its connection, so clients and load
 * balancers keep reusing theirs.
 */
class KeepAliveTest extends ServerTestSupport {

	@Test
	void requestsWithoutUnreadBodiesShouldShareOneConnection() throws IOException {
		try (Socket socket = RawHttp.connect(this.port)) {
			OutputStream output = socket.getOutputStream();
			InputStream input = socket.getInputStream();
			for (int i = 0; i < 3; i++) {
				output.write(RawHttp.keepAlive(
						RawHttp.request("GET", "/backend-api/codex/models", "Authorization: Bearer " + adminKey())));
				output.flush();
				assertThat(readOne(input)).startsWith("HTTP/1.1 200").doesNotContainIgnoringCase("connection: close");
			}
			String body = "{\"name\":\"kept-alive\"}";
			output
				.write(RawHttp.keepAlive(RawHttp.request("POST", "/api/api-keys", "Authorization: Bearer " + adminKey(),
						"Content-Type: application/json", "Content-Length: " + body.length())));
			output.write(body.getBytes(StandardCharsets.US_ASCII));
			output.flush();
			assertThat(readOne(input)).startsWith("HTTP/1.1 201").doesNotContainIgnoringCase("connection: close");
			// a bad key on a request without a body: answered, and the connection stays
			output.write(RawHttp.keepAlive(RawHttp.request("GET", "/v1/models", "Authorization: Bearer nope")));
			output.flush();
			assertThat(readOne(input)).startsWith("HTTP/1.1 401").doesNotContainIgnoringCase("connection: close");
			output.write(RawHttp.request("GET", "/v1/models", "Authorization: Bearer " + adminKey()));
			output.flush();
			assertThat(RawHttp.readUntilServerCloses(input).status()).isEqualTo(200);
		}
	}

	// one answer, its body framed by Content-Length or chunked, leaving the connection
	// open
	private static String readOne(InputStream input) throws IOException {
		String head = readLine(input, "\r\n\r\n");
		int length = 0;
		boolean chunked = false;
		for (String line : head.split("\r\n")) {
			String lower = line.toLowerCase(Locale.ROOT);
			if (lower.startsWith("content-length:")) {
				length = Integer.parseInt(line.substring("content-length:".length()).strip());
			}
			chunked |= lower.startsWith("transfer-encoding:") && lower.contains("chunked");
		}
		if (!chunked) {
			assertThat(input.readNBytes(length)).hasSize(length);
			return head;
		}
		for (int size = -1; size != 0;) {
			size = Integer.parseInt(readLine(input, "\r\n").strip(), 16);
			assertThat(input.readNBytes(size + 2)).hasSize(size + 2);
		}
		return head;
	}

	private static String readLine(InputStream input, String end) throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		while (!line.toString(StandardCharsets.ISO_8859_1).endsWith(end)) {
			int b = input.read();
			assertThat(b).as("the server closed the connection").isNotEqualTo(-1);
			line.write(b);
		}
		return line.toString(StandardCharsets.ISO_8859_1);
	}

}
