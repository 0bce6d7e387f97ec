package io.codexlb;

import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.codexlb.apikey.ApiKeyFormat;
import io.codexlb.support.Http;
import io.codexlb.support.Secrets;
import io.codexlb.support.ServiceProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * kill -9 of the service on its embedded default: every write it answered with 2xx is
 * there after a restart on the same data directory, and enforced. A disabled or deleted
 * key must not come back.
 */
class CrashDurabilityTest {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final int CLIENTS = 8;

	// two: the second kill meets a database that was already recovered from one
	private static final int KILL_ROUNDS = 2;

	private static final int FIRST_START_KILLS = 2;

	private static final int MAX_OPERATIONS_PER_CLIENT = 4000;

	@TempDir(cleanup = CleanupMode.ON_SUCCESS)
	Path workDir;

	@Test
	void killDuringCreatesDisablesAndDeletesShouldLoseNoAnsweredWrite() throws Exception {
		Path dataDir = this.workDir.resolve("data");
		Path log = this.workDir.resolve("service.log");
		String adminKey = ApiKeyFormat.generate();
		Secrets.register(adminKey);
		List<Key> keys = new ArrayList<>();
		ServiceProcess service = ServiceProcess.startReady(dataDir, log, "--codex-lb.admin-key=" + adminKey);
		try {
			for (int kill = 1; kill <= KILL_ROUNDS; kill++) {
				int target = ThreadLocalRandom.current().nextInt(100, 600);
				Round round = load(service, adminKey, target);
				keys.addAll(round.keys());
				service.close();
				service = ServiceProcess.startReady(dataDir, log, "--codex-lb.admin-key=" + adminKey);
				Verified verified = verify(service.http(), adminKey, keys);
				System.out.printf("kill -9 %d after %d answered writes: %d creates, %d disables, %d deletes "
						+ "answered; in flight at the kill: %d; all %d stored keys checked, %d enforced over HTTP%n",
						kill, round.answered(), round.count(Operation.CREATE), round.count(Operation.DISABLE),
						round.count(Operation.DELETE), round.inFlight(), verified.checked(), verified.enforced());
			}
			Secrets.check(Files.readString(log), "the service's log");
		}
		finally {
			service.close();
		}
	}

	@Test
	void killRightAfterTheFirstAdminKeyShouldKeepThatKey() throws Exception {
		for (int attempt = 1; attempt <= FIRST_START_KILLS; attempt++) {
			Path dataDir = this.workDir.resolve("first-start-" + attempt);
			Path log = this.workDir.resolve("first-start-" + attempt + ".log");
			try (ServiceProcess first = ServiceProcess.start(dataDir, log)) {
				await().atMost(Duration.ofSeconds(120))
					.pollInterval(Duration.ofMillis(20))
					.until(() -> Files.exists(log)
							&& Files.readString(log).contains("Created the first admin API key"));
				first.kill();
			}
			String adminKey = Files.readString(dataDir.resolve("admin-key")).strip();
			Secrets.register(adminKey);
			try (ServiceProcess second = ServiceProcess.startReady(dataDir, log)) {
				assertThat(Files.readString(dataDir.resolve("admin-key")).strip()).isEqualTo(adminKey);
				assertThat(second.http().get("/api/api-keys", adminKey).statusCode()).isEqualTo(200);
				assertThat(Files.readString(log)).containsOnlyOnce("Created the first admin API key");
			}
			Secrets.check(Files.readString(log), "the service's log");
		}
	}

	// clients create keys, disable and delete their own, until the target of answered
	// writes is reached; then the process is killed under them
	private static Round load(ServiceProcess service, String adminKey, int target) throws Exception {
		Http http = service.http();
		AtomicBoolean stop = new AtomicBoolean();
		AtomicInteger answered = new AtomicInteger();
		ConcurrentLinkedQueue<Key> keys = new ConcurrentLinkedQueue<>();
		ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
		try {
			List<Future<?>> running = new ArrayList<>();
			for (int client = 0; client < CLIENTS; client++) {
				int id = client;
				running.add(clients.submit(() -> writeUntilStopped(http, adminKey, id, stop, answered, keys)));
			}
			await().atMost(Duration.ofSeconds(120)).until(() -> answered.get() >= target);
			service.kill();
			stop.set(true);
			for (Future<?> client : running) {
				client.get(60, TimeUnit.SECONDS);
			}
		}
		finally {
			clients.shutdownNow();
		}
		return new Round(answered.get(), List.copyOf(keys));
	}

	private static void writeUntilStopped(Http http, String adminKey, int client, AtomicBoolean stop,
			AtomicInteger answered, ConcurrentLinkedQueue<Key> keys) {
		List<Key> active = new ArrayList<>();
		for (int i = 0; i < MAX_OPERATIONS_PER_CLIENT && !stop.get(); i++) {
			Operation operation = (active.isEmpty() || i % 5 < 3) ? Operation.CREATE
					: (i % 5 == 3) ? Operation.DISABLE : Operation.DELETE;
			if (operation == Operation.CREATE) {
				Key key = new Key("crash-" + client + "-" + System.nanoTime());
				keys.add(key);
				key.attempt(Operation.CREATE);
				HttpResponse<byte[]> response = send(
						() -> http.json("POST", "/api/api-keys", adminKey, "{\"name\":\"" + key.name + "\"}"));
				if (response != null && response.statusCode() == 201) {
					JsonNode created = json.readTree(response.body());
					key.created(created.get("id").asString(), created.get("key").asString());
					active.add(key);
					answered.incrementAndGet();
				}
				else if (response != null) {
					key.refused();
				}
				else {
					return;
				}
				continue;
			}
			Key key = active.remove(ThreadLocalRandom.current().nextInt(active.size()));
			key.attempt(operation);
			HttpResponse<byte[]> response = (operation == Operation.DISABLE)
					? send(() -> http.json("PATCH", "/api/api-keys/" + key.id, adminKey, "{\"is_active\":false}"))
					: send(() -> http.send(http.request("/api/api-keys/" + key.id)
						.header("Authorization", "Bearer " + adminKey)
						.DELETE()
						.build()));
			if (response != null && response.statusCode() == 200) {
				key.answered();
				answered.incrementAndGet();
			}
			else if (response != null) {
				key.refused();
			}
			else {
				return;
			}
		}
	}

	private static HttpResponse<byte[]> send(Supplier<HttpResponse<byte[]>> exchange) {
		try {
			return exchange.get();
		}
		catch (UncheckedIOException ex) {
			// the kill: no answer, so the outcome of this write is unknown, and
			// the client stops
			return null;
		}
	}

	private static Verified verify(Http http, String adminKey, List<Key> keys) {
		Map<String, JsonNode> stored = new HashMap<>();
		for (JsonNode record : http.all("/api/api-keys", adminKey)) {
			stored.put(record.get("id").asString(), record);
		}
		int checked = 0;
		int enforced = 0;
		int activeProbes = 0;
		for (Key key : keys) {
			Expected expected = key.expected();
			if (expected == Expected.UNKNOWN || expected == Expected.NEVER_CREATED) {
				continue;
			}
			checked++;
			JsonNode record = stored.get(key.id);
			switch (expected) {
				case ACTIVE -> {
					assertThat(record).as("answered 201, then nothing: " + key.name).isNotNull();
					assertThat(record.get("is_active").asBoolean()).as(key.name).isTrue();
					if (activeProbes++ < 20) {
						assertThat(http.get("/v1/models", key.plaintext).statusCode()).as(key.name).isEqualTo(200);
						enforced++;
					}
				}
				case DISABLED -> {
					assertThat(record).as("disabled with an answered PATCH: " + key.name).isNotNull();
					assertThat(record.get("is_active").asBoolean()).as("answered PATCH of " + key.name).isFalse();
					assertThat(http.get("/v1/models", key.plaintext).statusCode()).as(key.name).isEqualTo(401);
					enforced++;
				}
				case DELETED -> {
					assertThat(record).as("deleted with an answered DELETE: " + key.name).isNull();
					assertThat(http.get("/v1/models", key.plaintext).statusCode()).as(key.name).isEqualTo(401);
					enforced++;
				}
				default -> throw new IllegalStateException(expected.name());
			}
		}
		return new Verified(checked, enforced);
	}

	enum Operation {

		CREATE, DISABLE, DELETE

	}

	enum Expected {

		NEVER_CREATED, UNKNOWN, ACTIVE, DISABLED, DELETED

	}

	/**
	 * One key of the load and what the service answered about it; only its client thread
	 * writes it until the round ends.
	 */
	static final class Key {

		final String name;

		String id;

		String plaintext;

		Operation lastAttempt;

		boolean lastAnswered;

		Operation lastAnsweredChange;

		Key(String name) {
			this.name = name;
		}

		void attempt(Operation operation) {
			this.lastAttempt = operation;
			this.lastAnswered = false;
		}

		void created(String id, String plaintext) {
			this.id = id;
			this.plaintext = plaintext;
			answered();
		}

		void answered() {
			this.lastAnswered = true;
			this.lastAnsweredChange = this.lastAttempt;
		}

		void refused() {
			this.lastAnswered = true;
		}

		Expected expected() {
			if (this.id == null) {
				return this.lastAnswered ? Expected.NEVER_CREATED : Expected.UNKNOWN;
			}
			if (!this.lastAnswered) {
				// a disable or delete was in flight at the kill: either outcome is right
				return Expected.UNKNOWN;
			}
			return switch (this.lastAnsweredChange) {
				case CREATE -> Expected.ACTIVE;
				case DISABLE -> Expected.DISABLED;
				case DELETE -> Expected.DELETED;
			};
		}

	}

	record Round(int answered, List<Key> keys) {

		long count(Operation operation) {
			return this.keys.stream()
				.filter((key) -> key.id != null
						&& (operation == Operation.CREATE || key.lastAnsweredChange == operation))
				.count();
		}

		long inFlight() {
			return this.keys.stream().filter((key) -> !key.lastAnswered).count();
		}

	}

	record Verified(int checked, int enforced) {

	}

}
