import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in for the ChatGPT backend for ci/prometheus-live.sh: answers {@code GET /backend-api/codex/models} on
 * 127.0.0.1 with a fixed list of two models, and 404 to anything else, until it is killed. JDK only:
 * {@code java ci/UpstreamStandIn.java PORT}. Prints one line once it listens.
 */
public final class UpstreamStandIn {

	private static final byte[] MODELS = """
			{"models":[{"slug":"live-check-large","display_name":"Live check large","priority":1},
			{"slug":"live-check-small","display_name":"Live check small","priority":2}]}
			""".getBytes(StandardCharsets.UTF_8);

	private UpstreamStandIn() {
	}

	public static void main(String[] args) throws IOException {
		if (args.length != 1) {
			System.err.println("usage: java ci/UpstreamStandIn.java PORT");
			System.exit(2);
		}
		int port = Integer.parseInt(args[0]);
		HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
		server.createContext("/", (exchange) -> {
			try (exchange) {
				exchange.getRequestBody().readAllBytes();
				boolean models = "GET".equals(exchange.getRequestMethod())
						&& "/backend-api/codex/models".equals(exchange.getRequestURI().getPath());
				if (!models) {
					exchange.sendResponseHeaders(404, -1);
					return;
				}
				exchange.getResponseHeaders().set("Content-Type", "application/json");
				exchange.sendResponseHeaders(200, MODELS.length);
				try (OutputStream body = exchange.getResponseBody()) {
					body.write(MODELS);
				}
			}
		});
		server.start();
		System.out.println("upstream stand-in listening on 127.0.0.1:" + port);
	}

}
