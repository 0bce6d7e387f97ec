package io.codexlb.bench.scale;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The load generator: platform threads, each with its own HTTP client and its own
 * latency arrays, for a fixed time; no assertion on any time.
 */
final class Load {

	private static final Pattern CACHE_GETS = Pattern
		.compile("^cache_gets_total\\{([^}]*)\\}\\s+([0-9.eE+-]+)", Pattern.MULTILINE);

	private static final Pattern LABEL = Pattern.compile("(\\w+)=\"([^\"]*)\"");

	private Load() {
	}

	/**
	 * {@code GET --url} at {@code --concurrency} for {@code --duration} seconds, each
	 * request with a random key of the first {@code --hot} keys, but every
	 * {@code --cold-every}-th one (per thread) with the next key not used before, from
	 * index {@code --cold-from} on, in a random order. CPU time of {@code --pid} from
	 * /proc, RSS after the load, the service's cache counters from {@code --metrics-url}.
	 */
	static void run(Scale.Options options) throws Exception {
		List<String[]> keys = Seed.readKeys(Path.of(options.get("keys-file")));
		int hot = Math.min(options.integer("hot"), keys.size());
		int coldEvery = options.integer("cold-every", 0);
		int coldFrom = options.integer("cold-from", hot);
		int coldTo = Math.min(options.integer("cold-to", keys.size()), keys.size());
		int concurrency = options.integer("concurrency", 32);
		long durationNanos = (long) (options.decimal("duration", 20) * 1e9);
		String pid = options.get("pid");
		int ticks = options.integer("ticks", 100);
		URI uri = URI.create(options.get("url"));
		String metricsUrl = options.get("metrics-url", "");
		String label = options.get("label", "");
		Scale.Tsv tsv = options.values().containsKey("tsv") ? Scale.Tsv.of(options) : null;

		String[] hotKeys = new String[hot];
		for (int i = 0; i < hot; i++) {
			hotKeys[i] = keys.get(i)[2];
		}
		List<String> cold = new ArrayList<>();
		if (coldEvery > 0) {
			for (int i = coldFrom; i < coldTo; i++) {
				cold.add(keys.get(i)[2]);
			}
			Collections.shuffle(cold);
		}
		AtomicInteger nextCold = new AtomicInteger();
		AtomicLong sent = new AtomicLong();

		Map<String, double[]> cachesBefore = metricsUrl.isEmpty() ? Map.of() : cacheGets(metricsUrl);
		long cpuBefore = cpuTicks(pid);
		long started = System.nanoTime();
		long deadline = started + durationNanos;
		Worker[] workers = new Worker[concurrency];
		Thread[] threads = new Thread[concurrency];
		for (int t = 0; t < concurrency; t++) {
			Worker worker = new Worker(uri, hotKeys, cold, nextCold, sent, coldEvery, deadline);
			workers[t] = worker;
			threads[t] = new Thread(worker, "load-" + t);
			threads[t].start();
		}
		for (Thread thread : threads) {
			thread.join();
		}
		double seconds = (System.nanoTime() - started) / 1e9;
		long cpuAfter = cpuTicks(pid);
		Map<String, double[]> cachesAfter = metricsUrl.isEmpty() ? Map.of() : cacheGets(metricsUrl);

		Latencies all = new Latencies();
		Latencies coldLatencies = new Latencies();
		long errors = 0;
		Map<Integer, Integer> statuses = new HashMap<>();
		for (Worker worker : workers) {
			all.add(worker.all);
			coldLatencies.add(worker.coldSamples);
			errors += worker.errors;
			worker.statuses.forEach((status, n) -> statuses.merge(status, n, Integer::sum));
		}
		long requests = all.count();
		double rps = requests / seconds;
		double cpuUsPerRequest = (requests > 0) ? (cpuAfter - cpuBefore) * 1e6 / ticks / requests : Double.NaN;
		double rssMb = rssKb(pid) / 1024.0;
		double keyCacheHitRate = hitRate(cachesBefore, cachesAfter, "api-keys");
		System.out.printf(
				"load%s: %d requests in %.1f s, %.0f req/s, %.1f us CPU/req, p50 %.2f ms, p99 %.2f ms, cold %d (p99 %.2f ms), errors %d %s, RSS %.0f MB, key-cache hit rate %.4f%n",
				label.isEmpty() ? "" : " " + label, requests, seconds, rps, cpuUsPerRequest, all.percentileMs(50),
				all.percentileMs(99), coldLatencies.count(), coldLatencies.percentileMs(99), errors,
				statuses.isEmpty() ? "" : statuses, rssMb, keyCacheHitRate);
		if (coldEvery > 0 && cold.isEmpty()) {
			System.out.println("load: no cold keys (every stored key is a hot one): no cold turns");
		}
		else if (coldEvery > 0 && nextCold.get() > cold.size()) {
			System.out.printf("load: the %d cold keys ran out; later cold turns used hot keys%n", cold.size());
		}
		if (tsv != null) {
			String prefix = options.get("prefix", "");
			tsv.put(prefix + "rps", rps);
			tsv.put(prefix + "cpu_us_per_req", cpuUsPerRequest);
			tsv.put(prefix + "p50_ms", all.percentileMs(50));
			tsv.put(prefix + "p99_ms", all.percentileMs(99));
			tsv.put(prefix + "errors", errors);
			if (coldEvery > 0) {
				tsv.put(prefix + "cold_requests", coldLatencies.count());
				tsv.put(prefix + "cold_p99_ms", coldLatencies.percentileMs(99));
			}
			tsv.put(prefix + "rss_mb", rssMb);
			if (!metricsUrl.isEmpty()) {
				tsv.put(prefix + "key_cache_hit_rate", keyCacheHitRate);
				// the rendered bodies (models-bodies); before they had a metric, none
				String render = cachesAfter.containsKey("models-bodies") ? "models-bodies" : null;
				tsv.put(prefix + "render_cache_hit_rate",
						(render != null) ? hitRate(cachesBefore, cachesAfter, render) : Double.NaN);
				tsv.write(prefix + "caches_with_metrics", String.join(",", cachesAfter.keySet()));
			}
		}
	}

	/**
	 * {@code --count} sequential {@code GET --url} with the admin key, after
	 * {@code --warmup} more: p50, p99 and the largest.
	 */
	static void adminLatency(Scale.Options options) throws Exception {
		HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
		HttpRequest request = HttpRequest.newBuilder(URI.create(options.get("url")))
			.header("Authorization", "Bearer " + options.get("admin-key"))
			.timeout(Duration.ofSeconds(60))
			.GET()
			.build();
		int warmup = options.integer("warmup", 20);
		int count = options.integer("count", 200);
		Latencies latencies = new Latencies();
		long[] own = new long[count];
		int bytes = 0;
		for (int i = 0; i < warmup + count; i++) {
			long start = System.nanoTime();
			HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
			long took = System.nanoTime() - start;
			if (response.statusCode() != 200) {
				throw new IllegalStateException(options.get("url") + " answered " + response.statusCode() + ": "
						+ new String(response.body()));
			}
			bytes = response.body().length;
			if (i >= warmup) {
				own[i - warmup] = took;
			}
		}
		latencies.add(new Samples(own, count));
		String metric = options.get("metric");
		System.out.printf("%s: %d requests, p50 %.2f ms, p99 %.2f ms, max %.2f ms, %d bytes%n", metric, count,
				latencies.percentileMs(50), latencies.percentileMs(99), latencies.percentileMs(100), bytes);
		Scale.Tsv tsv = Scale.Tsv.of(options);
		tsv.put(metric + "_p50_ms", latencies.percentileMs(50));
		tsv.put(metric + "_p99_ms", latencies.percentileMs(99));
	}

	/**
	 * Sequential {@code GET --url}, each with a key not used before (keys
	 * {@code --from} to {@code --from + --count - 1}), nothing else sent meanwhile: the
	 * cold path alone, without the queueing of a saturating load.
	 */
	static void coldProbe(Scale.Options options) throws Exception {
		List<String[]> keys = Seed.readKeys(Path.of(options.get("keys-file")));
		int from = options.integer("from");
		int to = Math.min(keys.size(), from + options.integer("count"));
		HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
		URI uri = URI.create(options.get("url"));
		// one request with a hot key opens the connection
		client.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + keys.get(0)[2]).build(),
				HttpResponse.BodyHandlers.discarding());
		Samples samples = new Samples();
		for (int i = from; i < to; i++) {
			HttpRequest request = HttpRequest.newBuilder(uri)
				.header("Authorization", "Bearer " + keys.get(i)[2])
				.timeout(Duration.ofSeconds(30))
				.build();
			long start = System.nanoTime();
			HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
			long took = System.nanoTime() - start;
			if (response.statusCode() != 200) {
				throw new IllegalStateException(uri + " answered " + response.statusCode() + " for a stored key");
			}
			samples.add(took);
		}
		Latencies latencies = new Latencies();
		latencies.add(samples);
		System.out.printf("cold probe: %d keys not used before, one at a time: p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
				latencies.count(), latencies.percentileMs(50), latencies.percentileMs(99),
				latencies.percentileMs(100));
		if (latencies.count() > 0) {
			Scale.Tsv tsv = Scale.Tsv.of(options);
			tsv.put("probe_cold_p50_ms", latencies.percentileMs(50));
			tsv.put("probe_cold_p99_ms", latencies.percentileMs(99));
			tsv.put("probe_cold_requests", latencies.count());
		}
	}

	static long cpuTicks(String pid) throws IOException {
		String stat = Files.readString(Path.of("/proc", pid, "stat"));
		// the fields after the command, which may hold spaces and parentheses
		String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
		// utime and stime are fields 14 and 15 of the whole line, 12 and 13 from the state on
		return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
	}

	static long rssKb(String pid) throws IOException {
		for (String line : Files.readAllLines(Path.of("/proc", pid, "status"))) {
			if (line.startsWith("VmRSS:")) {
				return Long.parseLong(line.replaceAll("[^0-9]", ""));
			}
		}
		return -1;
	}

	// cache name -> {hits, misses} from Micrometer's Caffeine metrics
	static Map<String, double[]> cacheGets(String metricsUrl) throws Exception {
		HttpClient client = HttpClient.newHttpClient();
		String body = client
			.send(HttpRequest.newBuilder(URI.create(metricsUrl)).build(), HttpResponse.BodyHandlers.ofString())
			.body();
		Map<String, double[]> caches = new HashMap<>();
		Matcher matcher = CACHE_GETS.matcher(body);
		while (matcher.find()) {
			Map<String, String> labels = new HashMap<>();
			Matcher label = LABEL.matcher(matcher.group(1));
			while (label.find()) {
				labels.put(label.group(1), label.group(2));
			}
			double[] counts = caches.computeIfAbsent(labels.getOrDefault("cache", "?"), (name) -> new double[2]);
			String result = labels.getOrDefault("result", "");
			if (result.equals("hit")) {
				counts[0] += Double.parseDouble(matcher.group(2));
			}
			else if (result.equals("miss")) {
				counts[1] += Double.parseDouble(matcher.group(2));
			}
		}
		return caches;
	}

	private static double hitRate(Map<String, double[]> before, Map<String, double[]> after, String cache) {
		double[] a = after.get(cache);
		if (a == null) {
			return Double.NaN;
		}
		double[] b = before.getOrDefault(cache, new double[2]);
		double hits = a[0] - b[0];
		double misses = a[1] - b[1];
		return (hits + misses > 0) ? hits / (hits + misses) : Double.NaN;
	}

	/**
	 * One load thread.
	 */
	private static final class Worker implements Runnable {

		private final HttpClient client = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(5))
			.build();

		private final URI uri;

		private final String[] hot;

		private final List<String> cold;

		private final AtomicInteger nextCold;

		private final int coldEvery;

		private final AtomicLong sent;

		private final long deadline;

		final Samples all = new Samples();

		final Samples coldSamples = new Samples();

		long errors;

		final Map<Integer, Integer> statuses = new HashMap<>();

		Worker(URI uri, String[] hot, List<String> cold, AtomicInteger nextCold, AtomicLong sent, int coldEvery,
				long deadline) {
			this.uri = uri;
			this.hot = hot;
			this.cold = cold;
			this.nextCold = nextCold;
			this.coldEvery = coldEvery;
			this.sent = sent;
			this.deadline = deadline;
		}

		@Override
		public void run() {
			ThreadLocalRandom random = ThreadLocalRandom.current();
			while (System.nanoTime() < this.deadline) {
				String key = null;
				boolean coldTurn = false;
				// every coldEvery-th request of all threads together
				if (this.coldEvery > 0 && this.sent.incrementAndGet() % this.coldEvery == 0) {
					int next = this.nextCold.getAndIncrement();
					if (next < this.cold.size()) {
						key = this.cold.get(next);
						coldTurn = true;
					}
				}
				if (key == null) {
					key = this.hot[random.nextInt(this.hot.length)];
				}
				HttpRequest request = HttpRequest.newBuilder(this.uri)
					.header("Authorization", "Bearer " + key)
					.timeout(Duration.ofSeconds(30))
					.GET()
					.build();
				long start = System.nanoTime();
				try {
					HttpResponse<Void> response = this.client.send(request, HttpResponse.BodyHandlers.discarding());
					long took = System.nanoTime() - start;
					if (response.statusCode() != 200) {
						this.errors++;
						this.statuses.merge(response.statusCode(), 1, Integer::sum);
					}
					this.all.add(took);
					if (coldTurn) {
						this.coldSamples.add(took);
					}
				}
				catch (IOException ex) {
					this.errors++;
					this.statuses.merge(-1, 1, Integer::sum);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
			}
		}

	}

	/**
	 * A growing array of latencies in nanoseconds.
	 */
	static final class Samples {

		long[] values;

		int size;

		Samples() {
			this(new long[1 << 14], 0);
		}

		Samples(long[] values, int size) {
			this.values = values;
			this.size = size;
		}

		void add(long nanos) {
			if (this.size == this.values.length) {
				this.values = Arrays.copyOf(this.values, this.size * 2);
			}
			this.values[this.size++] = nanos;
		}

	}

	/**
	 * The samples of several threads, merged.
	 */
	static final class Latencies {

		private final List<Samples> parts = new ArrayList<>();

		private long[] sorted;

		void add(Samples samples) {
			this.parts.add(samples);
			this.sorted = null;
		}

		long count() {
			return this.parts.stream().mapToLong((part) -> part.size).sum();
		}

		double percentileMs(double percentile) {
			if (this.sorted == null) {
				long[] merged = new long[(int) count()];
				int at = 0;
				for (Samples part : this.parts) {
					System.arraycopy(part.values, 0, merged, at, part.size);
					at += part.size;
				}
				Arrays.sort(merged);
				this.sorted = merged;
			}
			if (this.sorted.length == 0) {
				return Double.NaN;
			}
			int index = (int) Math.ceil(percentile / 100.0 * this.sorted.length) - 1;
			return this.sorted[Math.max(0, Math.min(index, this.sorted.length - 1))] / 1e6;
		}

	}

}
