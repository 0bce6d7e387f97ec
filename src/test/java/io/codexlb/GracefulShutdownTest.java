package io.codexlb;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import io.codexlb.apikey.ApiKeyFormat;
import io.codexlb.support.RawHttp;
import io.codexlb.support.Secrets;
import io.codexlb.support.ServiceProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * SIGTERM under load, to the service running as its own process: a request that was being
 * received completes, every answer is whole (never truncated), new connections are
 * refused, and every key creation either happened and is stored, or was refused and is
 * not.
 */
class GracefulShutdownTest {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final int CLIENTS = 6;

	private static final int MAX_REQUESTS_PER_CLIENT = 3000;

	@TempDir(cleanup = CleanupMode.ON_SUCCESS)
	Path workDir;

	@Test
	void sigtermUnderLoadShouldFinishAcceptedRequestsRefuseNewOnesAndLoseNoWrite() throws Exception {
		Path dataDir = this.workDir.resolve("data");
		Path log = this.workDir.resolve("service.log");
		String adminKey = ApiKeyFormat.generate();
		Secrets.register(adminKey);
		ServiceProcess service = ServiceProcess.startReady(dataDir, log, "--codex-lb.admin-key=" + adminKey);
		int port = service.port();
		ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
		try {
			AtomicBoolean stop = new AtomicBoolean();
			AtomicInteger answered = new AtomicInteger();
			ConcurrentLinkedQueue<Exchange> exchanges = new ConcurrentLinkedQueue<>();
			List<Future<?>> running = new ArrayList<>();
			for (int client = 0; client < CLIENTS; client++) {
				int id = client;
				running.add(clients.submit(() -> load(id, port, adminKey, stop, answered, exchanges)));
			}
			await().atMost(Duration.ofSeconds(60)).until(() -> answered.get() >= 100);

			// a key creation whose body is still arriving when the signal comes: the
			// 100 Continue says the service has taken the request
			String slowName = "slow-" + System.nanoTime();
			byte[] slowBody = ("{\"name\":\"" + slowName + "\"}").getBytes(StandardCharsets.UTF_8);
			try (Socket slow = RawHttp.connect(port)) {
				OutputStream output = slow.getOutputStream();
				output.write(RawHttp.request("POST", "/api/api-keys", "Authorization: Bearer " + adminKey,
						"Content-Type: application/json", "Content-Length: " + slowBody.length,
						"Expect: 100-continue"));
				output.flush();
				assertThat(RawHttp.readInterim(slow.getInputStream())).startsWith("HTTP/1.1 100");
				output.write(slowBody, 0, slowBody.length / 2);
				output.flush();

				service.terminate();
				await().atMost(Duration.ofSeconds(30))
					.pollInterval(Duration.ofMillis(20))
					.until(() -> RawHttp.refusesConnections(port));

				output.write(slowBody, slowBody.length / 2, slowBody.length - slowBody.length / 2);
				output.flush();
				RawHttp.Response slowAnswer = RawHttp.read(slow.getInputStream());
				assertThat(slowAnswer.outcome()).isEqualTo(RawHttp.Outcome.ANSWERED);
				assertThat(slowAnswer.status()).as(slowAnswer.text()).isEqualTo(201);
				exchanges.add(new Exchange(slowName, slowAnswer));
			}
			stop.set(true);
			for (Future<?> client : running) {
				client.get(60, TimeUnit.SECONDS);
			}
			assertThat(service.awaitExit(Duration.ofSeconds(60))).as("the service exits").isTrue();

			Map<String, Long> outcomes = exchanges.stream()
				.collect(Collectors.groupingBy(Exchange::describe, TreeMap::new, Collectors.counting()));
			System.out.println("Graceful shutdown under load: " + outcomes);
			for (Exchange exchange : exchanges) {
				assertThat(exchange.response().outcome()).as(exchange.describe())
					.isNotEqualTo(RawHttp.Outcome.TRUNCATED);
				if (exchange.response().outcome() == RawHttp.Outcome.ANSWERED) {
					assertThat(exchange.response().status()).as(exchange.response().text()).isIn(200, 201, 503);
				}
			}
			assertThat(outcomes.keySet()).anyMatch((outcome) -> outcome.contains("REFUSED"));

			Map<String, String> stored = storedKeys(dataDir);
			for (Exchange exchange : exchanges) {
				if (exchange.name() == null) {
					continue;
				}
				if (exchange.response().status() == 201) {
					String id = json.readTree(exchange.response().body()).get("id").asString();
					assertThat(stored).as("created before the shutdown").containsEntry(exchange.name(), id);
				}
				else {
					assertThat(stored).as("refused, so not stored").doesNotContainKey(exchange.name());
				}
			}
			String serviceLog = Files.readString(log);
			assertThat(serviceLog).contains("Graceful shutdown complete");
			Secrets.check(serviceLog, "the service's log");
		}
		finally {
			clients.shutdownNow();
			service.close();
		}
	}

	private static void load(int client, int port, String adminKey, AtomicBoolean stop, AtomicInteger answered,
			ConcurrentLinkedQueue<Exchange> exchanges) {
		int refusedInARow = 0;
		for (int i = 0; i < MAX_REQUESTS_PER_CLIENT && refusedInARow < 3; i++) {
			Exchange exchange;
			if (i % 4 == 0) {
				String name = "load-" + client + "-" + i;
				String body = "{\"name\":\"" + name + "\"}";
				byte[] head = RawHttp.request("POST", "/api/api-keys", "Authorization: Bearer " + adminKey,
						"Content-Type: application/json", "Content-Length: " + body.length());
				byte[] request = Arrays.copyOf(head, head.length + body.length());
				System.arraycopy(body.getBytes(StandardCharsets.US_ASCII), 0, request, head.length, body.length());
				exchange = new Exchange(name, RawHttp.exchange(port, request));
			}
			else {
				exchange = new Exchange(null, RawHttp.exchange(port,
						RawHttp.request("GET", "/v1/models", "Authorization: Bearer " + adminKey)));
			}
			exchanges.add(exchange);
			if (exchange.response().outcome() == RawHttp.Outcome.ANSWERED) {
				answered.incrementAndGet();
			}
			refusedInARow = (exchange.response().outcome() == RawHttp.Outcome.REFUSED) ? refusedInARow + 1 : 0;
			if (stop.get() && refusedInARow > 0) {
				return;
			}
		}
	}

	private static Map<String, String> storedKeys(Path dataDir) throws SQLException {
		Map<String, String> keys = new HashMap<>();
		try (Connection connection = DriverManager.getConnection("jdbc:h2:file:" + dataDir.resolve("codex-lb"), "sa",
				""); ResultSet rows = connection.createStatement().executeQuery("SELECT name, id FROM api_keys")) {
			while (rows.next()) {
				keys.put(rows.getString(1), rows.getString(2));
			}
		}
		return keys;
	}

	/**
	 * One request of the load and how it ended.
	 *
	 * @param name the name of the key it creates, {@code null} for a read
	 * @param response the answer
	 */
	private record Exchange(String name, RawHttp.Response response) {

		String describe() {
			String kind = (this.name != null) ? "create" : "read";
			return kind + " " + ((this.response.outcome() == RawHttp.Outcome.ANSWERED)
					? String.valueOf(this.response.status()) : this.response.outcome().name());
		}

	}

}
