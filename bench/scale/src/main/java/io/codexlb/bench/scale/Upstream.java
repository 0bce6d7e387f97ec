package io.codexlb.bench.scale;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The ChatGPT backend stand-in: {@code GET /backend-api/codex/models} answers a fixed
 * catalog body after {@code --delay-ms}, or a 500 with probability
 * {@code --error-rate}; {@code POST /oauth/token} answers fresh tokens (the accounts'
 * tokens do not expire, so it should not be called); {@code GET /stats} counts the calls.
 * Runs until it is killed; writes its port to {@code --port-file} once it listens.
 */
final class Upstream {

	private static final AtomicLong modelCalls = new AtomicLong();

	private static final AtomicLong modelErrors = new AtomicLong();

	private static final AtomicLong tokenCalls = new AtomicLong();

	private static final AtomicLong otherCalls = new AtomicLong();

	private Upstream() {
	}

	static void serve(Scale.Options options) throws Exception {
		byte[] body = Files.readAllBytes(Path.of(options.get("body")));
		long delayMs = options.integer("delay-ms", 200);
		double errorRate = options.decimal("error-rate", 0.05);
		Random random = new Random(options.integer("seed", 42));
		HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
		server.setExecutor(Executors.newFixedThreadPool(options.integer("threads", 128)));
		server.createContext("/", (exchange) -> {
			try (exchange) {
				drain(exchange.getRequestBody());
				String path = exchange.getRequestURI().getPath();
				if (path.endsWith("/codex/models")) {
					modelCalls.incrementAndGet();
					sleep(delayMs);
					boolean fail;
					synchronized (random) {
						fail = random.nextDouble() < errorRate;
					}
					if (fail) {
						modelErrors.incrementAndGet();
						send(exchange, 500, "{\"detail\":\"stand-in failure\"}".getBytes(StandardCharsets.UTF_8));
					}
					else {
						send(exchange, 200, body);
					}
				}
				else if (path.endsWith("/oauth/token")) {
					tokenCalls.incrementAndGet();
					send(exchange, 400, "{\"error\":\"invalid_grant\"}".getBytes(StandardCharsets.UTF_8));
				}
				else if (path.equals("/stats")) {
					send(exchange, 200, ("models_calls " + modelCalls.get() + "\nmodels_errors " + modelErrors.get()
							+ "\ntoken_calls " + tokenCalls.get() + "\nother_calls " + otherCalls.get() + "\n")
						.getBytes(StandardCharsets.UTF_8));
				}
				else {
					otherCalls.incrementAndGet();
					send(exchange, 404, "{}".getBytes(StandardCharsets.UTF_8));
				}
			}
		});
		server.start();
		Path portFile = Path.of(options.get("port-file"));
		Path partial = Path.of(portFile + ".tmp");
		Files.writeString(partial, Integer.toString(server.getAddress().getPort()));
		Files.move(partial, portFile);
		System.out.printf("upstream: listening on 127.0.0.1:%d, models after %d ms, %.0f %% 500s%n",
				server.getAddress().getPort(), delayMs, errorRate * 100);
	}

	private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, body.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

	private static void drain(InputStream in) throws IOException {
		in.transferTo(OutputStream.nullOutputStream());
	}

	private static void sleep(long ms) {
		try {
			Thread.sleep(ms);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
