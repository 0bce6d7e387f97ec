import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Admin writes per second: each client creates a key, disables it with a PATCH and deletes it, for a fixed
 * time. Prints {@code writes=N seconds=S per_second=R failures=F}.
 *
 * <p>
 * Usage: {@code java bench/AdminWrites.java <port> <admin key> <clients> <seconds> <label>}
 */
class AdminWrites {

	private static final Pattern ID = Pattern.compile("\"id\":\"([^\"]+)\"");

	public static void main(String[] args) throws Exception {
		int port = Integer.parseInt(args[0]);
		String adminKey = args[1];
		int clients = Integer.parseInt(args[2]);
		long seconds = Long.parseLong(args[3]);
		String label = args[4];
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
		AtomicLong writes = new AtomicLong();
		AtomicLong failures = new AtomicLong();
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
		ExecutorService pool = Executors.newFixedThreadPool(clients);
		long started = System.nanoTime();
		for (int client = 0; client < clients; client++) {
			int id = client;
			pool.submit(() -> {
				for (long i = 0; System.nanoTime() < deadline; i++) {
					try {
						String created = send(http, port, adminKey, "POST", "/api/api-keys",
								"{\"name\":\"bench-" + label + "-" + id + "-" + i + "\"}", 201, writes, failures);
						if (created == null) {
							continue;
						}
						Matcher matcher = ID.matcher(created);
						matcher.find();
						String path = "/api/api-keys/" + matcher.group(1);
						send(http, port, adminKey, "PATCH", path, "{\"is_active\":false}", 200, writes, failures);
						send(http, port, adminKey, "DELETE", path, null, 200, writes, failures);
					}
					catch (Exception ex) {
						failures.incrementAndGet();
					}
				}
			});
		}
		pool.shutdown();
		pool.awaitTermination(seconds + 60, TimeUnit.SECONDS);
		double elapsed = (System.nanoTime() - started) / 1e9;
		System.out.printf("%s writes=%d seconds=%.1f per_second=%.0f failures=%d%n", label, writes.get(), elapsed,
				writes.get() / elapsed, failures.get());
	}

	private static String send(HttpClient http, int port, String adminKey, String method, String path, String body,
			int expected, AtomicLong writes, AtomicLong failures) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.timeout(Duration.ofSeconds(30))
			.header("Authorization", "Bearer " + adminKey);
		if (body != null) {
			request.header("Content-Type", "application/json");
		}
		request.method(method,
				(body != null) ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody());
		HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != expected) {
			failures.incrementAndGet();
			return null;
		}
		writes.incrementAndGet();
		return response.body();
	}

}
