import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The clients of ci/cluster-test.sh: concurrent models GETs and admin writes through the load balancer, phase
 * by phase, and the rate-limit checks, in one process driven by commands on its standard input. JDK only:
 * {@code java ci/ClusterLoad.java keys|run ...}.
 *
 * <pre>
 * keys --base URL --admin-key KEY --count N --rpm N --writes FILE
 *     creates N keys with that requests_per_minute and prints their plaintext, one a line
 * run --base URL --admin-key KEY --keys FILE --out DIR [--models-clients 6] [--admin-clients 2]
 *     [--models-pause-ms 20] [--admin-pause-ms 100] [--timeout-s 10] [--access-log FILE]
 *     runs the clients and reads, one a line:
 *       phase NAME                        requests started from now on count in phase NAME
 *       mark-kill PORT BEFORE_MS AFTER_MS the replica on PORT was killed (kill -9) between these times
 *       quota TAG RPM N                   a fresh key of RPM requests a minute gets N requests at once:
 *                                         exactly RPM must be admitted; writes DIR/TAG.result
 *       recover TAG RPM N MAX_S           the same, again and again with fresh keys, until one admits
 *                                         exactly RPM (at most MAX_S seconds); writes DIR/TAG.result
 *       check NAME pass|fail VALUE TEXT   a check made by the script, for the report
 *       void NAME REASON                  the check NAME is not counted, for that reason
 *       drain                             stops the clients, waits for their requests, writes DIR/drained
 *     and at the end of its input prints the report and exits 1 if anything failed.
 * </pre>
 *
 * Every admin write answered 2xx is appended to the writes file ({@code id TAB create|patch TAB rpm}), so that
 * the script can look for it in the database.
 */
public final class ClusterLoad {

	private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");

	private static final Pattern KEY = Pattern.compile("\"key\"\\s*:\\s*\"(sk-clb-[A-Za-z0-9_-]+)\"");

	private static final String MODELS = "/backend-api/codex/models";

	private static final String KEYS = "/api/api-keys";

	private static final int LOAD_RPM = 1000;

	private static final int PATCHED_RPM = 2000;

	private final Map<String, String> options;

	private final HttpClient http;

	private final String base;

	private final String adminKey;

	private final Duration timeout;

	private final String runId = Long.toString(System.currentTimeMillis() % 100_000_000, 36);

	private final AtomicLong sequence = new AtomicLong();

	private final Map<String, Phase> phases = Collections.synchronizedMap(new LinkedHashMap<>());

	private final List<Failure> failures = Collections.synchronizedList(new ArrayList<>());

	private volatile Phase phase;

	private volatile boolean stopping;

	private PrintWriter writes;

	private ClusterLoad(Map<String, String> options) throws IOException {
		this.options = options;
		this.base = required("base");
		this.adminKey = required("admin-key");
		this.timeout = Duration.ofSeconds(Long.parseLong(options.getOrDefault("timeout-s", "10")));
		this.http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(5))
			.build();
		this.writes = new PrintWriter(Files.newBufferedWriter(Path.of(required("writes")), StandardCharsets.UTF_8,
				java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND), true);
		this.phase = phase("baseline");
	}

	public static void main(String[] args) throws Exception {
		if (args.length == 0 || args.length % 2 == 0) {
			System.err.println("usage: ClusterLoad keys|run --option value ...");
			System.exit(2);
		}
		Map<String, String> options = new HashMap<>();
		for (int i = 1; i < args.length; i += 2) {
			if (!args[i].startsWith("--")) {
				System.err.println("not an option: " + args[i]);
				System.exit(2);
			}
			options.put(args[i].substring(2), args[i + 1]);
		}
		ClusterLoad load = new ClusterLoad(options);
		switch (args[0]) {
			case "keys" -> load.createKeys();
			case "run" -> System.exit(load.run());
			default -> {
				System.err.println("unknown command " + args[0]);
				System.exit(2);
			}
		}
	}

	private String required(String name) {
		String value = this.options.get(name);
		if (value == null) {
			throw new IllegalArgumentException("--" + name + " is required");
		}
		return value;
	}

	private int option(String name, int otherwise) {
		return Integer.parseInt(this.options.getOrDefault(name, Integer.toString(otherwise)));
	}

	private Phase phase(String name) {
		return this.phases.computeIfAbsent(name, Phase::new);
	}

	// ---- keys

	private void createKeys() throws Exception {
		int count = option("count", 4);
		int rpm = option("rpm", 1_000_000);
		for (int i = 0; i < count; i++) {
			Created created = createKey("models-" + this.runId + "-" + i, rpm, Duration.ofSeconds(30));
			if (created == null) {
				System.err.println("could not create key " + i);
				System.exit(1);
			}
			System.out.println(created.key());
		}
	}

	// ---- run

	private int run() throws Exception {
		List<String> keys = Files.readAllLines(Path.of(required("keys")))
			.stream()
			.filter((line) -> !line.isBlank())
			.toList();
		Path out = Path.of(required("out"));
		List<Thread> clients = new ArrayList<>();
		for (int i = 0; i < option("models-clients", 6); i++) {
			int client = i;
			clients.add(thread("models-" + i, () -> modelsClient(keys, client)));
		}
		for (int i = 0; i < option("admin-clients", 2); i++) {
			int client = i;
			clients.add(thread("admin-" + i, () -> adminClient(client)));
		}
		clients.forEach(Thread::start);
		BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
		boolean drained = false;
		for (String line; (line = commands.readLine()) != null;) {
			String[] word = line.trim().split("\\s+");
			switch (word[0]) {
				case "phase" -> this.phase = phase(word[1]);
				case "mark-kill" -> {
					this.phase.killedPort = word[1];
					this.phase.killedBefore = Long.parseLong(word[2]);
					this.phase.killedAfter = Long.parseLong(word[3]);
				}
				case "quota" -> result(out, word[1],
						quota(word[1], Integer.parseInt(word[2]), Integer.parseInt(word[3]), false, 0));
				case "recover" -> result(out, word[1], quota(word[1], Integer.parseInt(word[2]),
						Integer.parseInt(word[3]), true, Integer.parseInt(word[4])));
				case "check" -> {
					String[] check = line.trim().split("\\s+", 5);
					this.phase.checks.add(new Check(check[1], check[2].equals("pass"), check[3],
							(check.length > 4) ? check[4] : "", null));
				}
				case "void" -> {
					String[] excuse = line.trim().split("\\s+", 3);
					this.phase.checks.replaceAll((check) -> check.name().equals(excuse[1])
							? new Check(check.name(), check.pass(), check.value(), check.text(), excuse[2]) : check);
				}
				case "drain" -> {
					stop(clients);
					drained = true;
					Files.writeString(out.resolve("drained"), "drained\n");
				}
				case "" -> {
				}
				default -> System.err.println("ClusterLoad: unknown command: " + line);
			}
		}
		if (!drained) {
			stop(clients);
		}
		this.writes.close();
		return report();
	}

	private static Thread thread(String name, Runnable body) {
		Thread thread = new Thread(body, name);
		thread.setDaemon(true);
		return thread;
	}

	private void stop(List<Thread> clients) throws InterruptedException {
		this.stopping = true;
		long deadline = System.nanoTime() + this.timeout.plusSeconds(5).toNanos();
		for (Thread client : clients) {
			client.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
		}
	}

	private void result(Path out, String tag, Check check) throws IOException {
		this.phase.checks.add(check);
		Files.writeString(out.resolve(tag + ".result"), (check.pass() ? "pass " : "fail ") + check.text() + "\n");
	}

	private void modelsClient(List<String> keys, int client) {
		int pause = option("models-pause-ms", 20);
		String etag = null;
		for (long n = 0; !this.stopping; n++) {
			Phase current = this.phase;
			String key = keys.get((int) ((n + client) % keys.size()));
			String rid = "cl-" + this.runId + "-m" + this.sequence.incrementAndGet();
			HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.base + MODELS))
				.timeout(this.timeout)
				.header("Authorization", "Bearer " + key)
				.header("Accept-Encoding", "gzip")
				.header("X-Request-Id", rid);
			// half of them revalidate, as a client with a cached list does
			boolean conditional = etag != null && n % 2 == 0;
			if (conditional) {
				request.header("If-None-Match", etag);
			}
			Answer answer = send(request.GET().build());
			current.count("models", answer);
			if (answer.status() == 200 && answer.body().length() > 0) {
				etag = answer.etag();
			}
			else if (answer.status() != 304 || !conditional) {
				fail(current, "models", "GET", MODELS, rid, answer);
			}
			pause(pause);
		}
	}

	private void adminClient(int client) {
		int pause = option("admin-pause-ms", 100);
		for (long n = 0; !this.stopping; n++) {
			Phase current = this.phase;
			String rid = "cl-" + this.runId + "-a" + this.sequence.incrementAndGet();
			String name = "load-" + this.runId + "-" + client + "-" + n;
			Answer answer = send(adminRequest(KEYS, rid)
				.POST(HttpRequest.BodyPublishers.ofString(keyBody(name, LOAD_RPM)))
				.build());
			current.count("admin", answer);
			if (answer.status() == 201) {
				String id = match(ID, answer.body());
				this.writes.println(id + "\tcreate\t" + LOAD_RPM);
				// a third of the new keys get a PATCH too: answered 200 means stored
				if (n % 3 == 0) {
					patch(id);
				}
			}
			else {
				fail(current, "admin", "POST", KEYS, rid, answer);
				// a refused write is not stored: the next one (another name) after a pause, as a client retries
				pause(250);
			}
			pause(pause);
		}
	}

	private void patch(String id) {
		String path = KEYS + "/" + id;
		for (int attempt = 0; attempt < 40 && !this.stopping; attempt++) {
			Phase current = this.phase;
			String rid = "cl-" + this.runId + "-p" + this.sequence.incrementAndGet();
			Answer answer = send(adminRequest(path, rid)
				.method("PATCH",
						HttpRequest.BodyPublishers
							.ofString("{\"rate_limit\":{\"requests_per_minute\":" + PATCHED_RPM + "}}"))
				.build());
			current.count("admin", answer);
			if (answer.status() == 200) {
				this.writes.println(id + "\tpatch\t" + PATCHED_RPM);
				return;
			}
			fail(current, "admin", "PATCH", path, rid, answer);
			if (answer.status() != 503) {
				return;
			}
			// setting a value is idempotent: the same PATCH again
			pause(250);
		}
	}

	private HttpRequest.Builder adminRequest(String path, String rid) {
		return HttpRequest.newBuilder(URI.create(this.base + path))
			.timeout(this.timeout)
			.header("Authorization", "Bearer " + this.adminKey)
			.header("Content-Type", "application/json")
			.header("X-Request-Id", rid);
	}

	private static String keyBody(String name, int rpm) {
		return "{\"name\":\"" + name + "\",\"rate_limit\":{\"requests_per_minute\":" + rpm + "}}";
	}

	private Created createKey(String name, int rpm, Duration patience) {
		long deadline = System.nanoTime() + patience.toNanos();
		for (int attempt = 0; System.nanoTime() < deadline; attempt++) {
			Answer answer = send(adminRequest(KEYS, "cl-" + this.runId + "-k" + this.sequence.incrementAndGet())
				.POST(HttpRequest.BodyPublishers.ofString(keyBody(name + "-" + attempt, rpm)))
				.build());
			if (answer.status() == 201) {
				String id = match(ID, answer.body());
				this.writes.println(id + "\tcreate\t" + rpm);
				return new Created(id, match(KEY, answer.body()));
			}
			System.err.println("ClusterLoad: creating key " + name + ": " + answer.describe());
			pause(250);
		}
		return null;
	}

	/**
	 * A fresh key of {@code rpm} requests a minute gets {@code requests} requests at once through the load
	 * balancer. A token comes back every 60/rpm seconds, so an attempt that took longer than that proves nothing
	 * and is made again (with another fresh key). With {@code untilExact}, attempts go on until one admits
	 * exactly {@code rpm}, for at most {@code maxSeconds}; the check reports how long that took.
	 */
	private Check quota(String tag, int rpm, int requests, boolean untilExact, int maxSeconds) {
		long started = System.nanoTime();
		long refillMillis = 60_000L / rpm;
		String last = "";
		int slow = 0;
		for (int attempt = 1;; attempt++) {
			long attemptStarted = System.nanoTime();
			Created key = createKey("quota-" + this.runId + "-" + tag + "-" + attempt, rpm, Duration.ofSeconds(10));
			if (key == null) {
				return new Check(tag, false, "no key", "could not create the key of the check", null);
			}
			List<CompletableFuture<Answer>> answers = new ArrayList<>();
			long first = System.nanoTime();
			for (int i = 0; i < requests; i++) {
				answers.add(sendAsync(HttpRequest.newBuilder(URI.create(this.base + MODELS))
					.timeout(this.timeout)
					.header("Authorization", "Bearer " + key.key())
					.header("Accept-Encoding", "gzip")
					.header("X-Request-Id", "cl-" + this.runId + "-q" + this.sequence.incrementAndGet())
					.GET()
					.build()));
			}
			Map<String, Integer> byStatus = new TreeMap<>();
			for (CompletableFuture<Answer> future : answers) {
				Answer answer = future.join();
				byStatus.merge(answer.status() > 0 ? Integer.toString(answer.status()) : answer.kind(), 1,
						Integer::sum);
				this.phase.count("quota", answer);
			}
			long spanMillis = (System.nanoTime() - first) / 1_000_000;
			int admitted = byStatus.getOrDefault("200", 0);
			int rejected = byStatus.getOrDefault("429", 0);
			boolean exact = admitted == rpm && rejected == requests - rpm;
			last = admitted + "/" + requests + " admitted (" + format(byStatus) + ") in " + spanMillis + " ms";
			if (untilExact) {
				double seconds = (attemptStarted - started) / 1e9;
				if (exact) {
					this.phase.recovery = String.format("%.1f s", seconds);
					return new Check(tag, true, String.format("%.1f", seconds),
							"shared limit back after " + String.format("%.1f s", seconds) + " (attempt " + attempt
									+ ": " + last + ")",
							null);
				}
				if (seconds > maxSeconds) {
					this.phase.recovery = "not within " + maxSeconds + " s";
					return new Check(tag, false, "-",
							"shared limit not back within " + maxSeconds + " s; last: " + last, null);
				}
				pause(250);
				continue;
			}
			if (exact) {
				return new Check(tag, true, admitted + "/" + requests, last, null);
			}
			if (spanMillis >= refillMillis && byStatus.size() == 2 && slow < 2) {
				System.err.println("ClusterLoad: " + tag + ": too slow to tell (" + last + "); again");
				slow++;
				continue;
			}
			return new Check(tag, false, admitted + "/" + requests, "expected exactly " + rpm + ": " + last, null);
		}
	}

	private Answer send(HttpRequest request) {
		try {
			return sendAsync(request).join();
		}
		catch (RuntimeException ex) {
			return new Answer(0, "", null, "io", ex.toString(), System.currentTimeMillis(), 0);
		}
	}

	private CompletableFuture<Answer> sendAsync(HttpRequest request) {
		long startedAt = System.currentTimeMillis();
		long started = System.nanoTime();
		return this.http.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.ISO_8859_1))
			.handle((response, error) -> {
				long millis = (System.nanoTime() - started) / 1_000_000;
				if (error == null) {
					return new Answer(response.statusCode(), response.body(),
							response.headers().firstValue("ETag").orElse(null), "http", "", startedAt, millis);
				}
				Throwable cause = (error.getCause() != null) ? error.getCause() : error;
				String kind = (cause instanceof HttpTimeoutException) ? "timeout"
						: (cause instanceof ConnectException) ? "connect" : "io";
				return new Answer(0, "", null, kind, cause.toString(), startedAt, millis);
			});
	}

	private void fail(Phase phase, String route, String method, String path, String rid, Answer answer) {
		this.failures.add(new Failure(phase.name, route, method, path, rid, answer));
	}

	private static String match(Pattern pattern, String body) {
		Matcher matcher = pattern.matcher(body);
		if (!matcher.find()) {
			throw new IllegalStateException("no " + pattern + " in " + body);
		}
		return matcher.group(1);
	}

	private static void pause(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static String format(Map<String, ? extends Number> counts) {
		StringBuilder text = new StringBuilder();
		new TreeMap<>(counts).forEach((status, count) -> text.append(text.length() > 0 ? " " : "").append(status).append('=')
			.append(count));
		return (text.length() > 0) ? text.toString() : "-";
	}

	// ---- report

	/**
	 * Decides which failures are tolerated, and prints the table. A models request may fail nowhere. An admin
	 * write may fail only while it was in flight on the replica killed with kill -9 (nginx does not retry a POST
	 * or PATCH it has sent), or with 503 while PostgreSQL restarts (not stored, and retried by the client).
	 */
	private int report() throws IOException {
		Map<String, String> upstreams = upstreams();
		int fatal = 0;
		List<String> lines = new ArrayList<>();
		for (Failure failure : this.failures) {
			Phase phase = phase(failure.phase());
			String upstream = upstreams.getOrDefault(failure.rid(), "upstream ?");
			String excuse = excuse(phase, failure, upstream);
			if (excuse != null) {
				phase.excused.merge(excuse, 1, Integer::sum);
			}
			else {
				fatal++;
			}
			(failure.route().equals("models") ? phase.modelsFailed : phase.adminFailed).increment();
			if (lines.size() < 40 || excuse == null) {
				String killed = (phase.killedPort != null)
						? String.format(", sent %+d ms after the kill", failure.answer().startedAt() - phase.killedBefore)
						: "";
				lines.add(String.format("  %-9s %-6s %-5s %s -> %s after %d ms (%s; rid %s%s)%s", failure.phase(),
						failure.route(), failure.method(), failure.path(), failure.answer().describe(),
						failure.answer().millis(), upstream, failure.rid(), killed,
						(excuse != null) ? " [tolerated: " + excuse + "]" : " [FAILED]"));
			}
		}
		int failedChecks = 0;
		String[] header = { "phase", "requests", "answers by status", "models failed", "admin failed", "tolerated",
				"quota check (rpm 30, 40 requests)", "shared limit back" };
		List<String[]> rows = new ArrayList<>();
		List<String> checkLines = new ArrayList<>();
		synchronized (this.phases) {
			for (Phase phase : this.phases.values()) {
				List<String> quota = new ArrayList<>();
				for (Check check : phase.checks) {
					boolean counted = check.excuse() == null;
					if (!check.pass() && counted) {
						failedChecks++;
					}
					if (check.name().startsWith("quota")) {
						quota.add((check.pass() ? "" : counted ? "FAIL " : "(") + check.value()
								+ (check.pass() || counted ? "" : ")"));
					}
					checkLines.add(String.format("  %-9s %-14s %s: %s%s", phase.name, check.name(),
							check.pass() ? "ok" : counted ? "FAILED" : "not counted", check.text(),
							counted ? "" : " [" + check.excuse() + "]"));
				}
				if (phase.requests.sum() == 0 && phase.recovery == null) {
					continue;
				}
				rows.add(new String[] { phase.name, Long.toString(phase.requests.sum()), format(phase.statuses),
						Long.toString(phase.modelsFailed.sum()), Long.toString(phase.adminFailed.sum()),
						format(phase.excused), quota.isEmpty() ? "-" : String.join(", ", quota),
						(phase.recovery != null) ? phase.recovery : "-" });
			}
		}
		System.out.println();
		printTable(header, rows);
		System.out.println();
		System.out.println("requests: the load's models GETs and admin writes, and the quota checks' requests; "
				+ "failed: 5xx, connection errors, no answer within " + this.timeout.toSeconds() + " s");
		if (!checkLines.isEmpty()) {
			System.out.println("checks:");
			checkLines.forEach(System.out::println);
		}
		if (!lines.isEmpty()) {
			System.out.println("failed requests:");
			lines.forEach(System.out::println);
		}
		System.out.printf("%d failed request(s) not tolerated, %d failed check(s)%n", fatal, failedChecks);
		return (fatal == 0 && failedChecks == 0) ? 0 : 1;
	}

	private static String excuse(Phase phase, Failure failure, String upstream) {
		Answer answer = failure.answer();
		if (failure.route().equals("models")) {
			return null;
		}
		if (phase.name.equals("postgres") && answer.status() == 503) {
			return "admin 503 (retried)";
		}
		// the replica nginx tried last
		String[] tried = upstream.replaceFirst("^upstream ", "").replaceFirst(" status .*$", "").split(",\\s*");
		if (phase.killedPort == null || !tried[tried.length - 1].endsWith(":" + phase.killedPort)) {
			return null;
		}
		// on the killed replica when it died: sent before the kill, failed after it
		if (answer.startedAt() <= phase.killedAfter && answer.startedAt() + answer.millis() >= phase.killedBefore) {
			return "in flight on killed";
		}
		// sent by nginx to the dead replica before nginx noticed (on a kept-alive connection that the kernel had
		// just closed): the load marks it down within milliseconds (max_fails=2)
		if (answer.startedAt() > phase.killedAfter && answer.startedAt() <= phase.killedAfter + 1000) {
			return "sent to killed within 1 s";
		}
		return null;
	}

	// rid -> "upstream ADDRS status STATUSES" from nginx's access log
	private Map<String, String> upstreams() throws IOException {
		Map<String, String> upstreams = new HashMap<>();
		String log = this.options.get("access-log");
		if (log == null || !Files.exists(Path.of(log))) {
			return upstreams;
		}
		Set<String> wanted = new java.util.HashSet<>();
		this.failures.forEach((failure) -> wanted.add(failure.rid()));
		Pattern fields = Pattern.compile("upstream=(.*?) ustatus=(.*?) urt=.* rid=(\\S+)$");
		try (var lines = Files.lines(Path.of(log), StandardCharsets.ISO_8859_1)) {
			lines.forEach((line) -> {
				Matcher matcher = fields.matcher(line);
				if (matcher.find() && wanted.contains(matcher.group(3))) {
					upstreams.put(matcher.group(3), "upstream " + matcher.group(1) + " status " + matcher.group(2));
				}
			});
		}
		return upstreams;
	}

	private static void printTable(String[] header, List<String[]> rows) {
		int[] widths = new int[header.length];
		for (int i = 0; i < header.length; i++) {
			widths[i] = header[i].length();
			for (String[] row : rows) {
				widths[i] = Math.max(widths[i], row[i].length());
			}
		}
		List<String[]> all = new ArrayList<>();
		all.add(header);
		all.add(null);
		all.addAll(rows);
		for (String[] row : all) {
			StringBuilder line = new StringBuilder("|");
			for (int i = 0; i < header.length; i++) {
				String cell = (row != null) ? row[i] : "-".repeat(widths[i]);
				line.append(' ').append(cell).append(" ".repeat(widths[i] - cell.length())).append(" |");
			}
			System.out.println(line);
		}
	}

	/** What one phase saw. */
	private static final class Phase {

		final String name;

		final LongAdder requests = new LongAdder();

		final Map<String, LongAdder> statuses = new ConcurrentHashMap<>();

		final LongAdder modelsFailed = new LongAdder();

		final LongAdder adminFailed = new LongAdder();

		final Map<String, Integer> excused = new TreeMap<>();

		final List<Check> checks = Collections.synchronizedList(new ArrayList<>());

		volatile String killedPort;

		// the kill came between these two times (epoch ms)
		volatile long killedBefore;

		volatile long killedAfter;

		volatile String recovery;

		Phase(String name) {
			this.name = name;
		}

		void count(String route, Answer answer) {
			this.requests.increment();
			String status = (answer.status() > 0) ? Integer.toString(answer.status()) : answer.kind();
			this.statuses.computeIfAbsent(status, (missing) -> new LongAdder()).increment();
		}

	}

	/** An answer, or why there was none. */
	private record Answer(int status, String body, String etag, String kind, String error, long startedAt,
			long millis) {

		String describe() {
			if (this.status > 0) {
				String excerpt = this.body.length() > 160 ? this.body.substring(0, 160) + "..." : this.body;
				return this.status + " " + excerpt.replaceAll("\\s+", " ");
			}
			return this.kind + " " + this.error;
		}

	}

	private record Failure(String phase, String route, String method, String path, String rid, Answer answer) {

	}

	// a check with an excuse is not counted, and says why
	private record Check(String name, boolean pass, String value, String text, String excuse) {

	}

	private record Created(String id, String key) {

	}

}
