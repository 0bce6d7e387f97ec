import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Slow request bodies against a running service, and a well-behaved client beside them.
 *
 * <p>
 * The attacker keeps a fixed number of connections open without a key, each a POST that
 * declares a body ({@code Content-Length}) and sends one byte of it every trickle
 * interval, half of them to {@code /api/api-keys}, half to the models route. A
 * connection the server closes is opened again at once (or, with
 * {@code -Dreconnect=write}, when a write on it fails, as a tool that never reads would
 * notice). The well-behaved client polls {@code GET /backend-api/codex/models} with a key
 * at a fixed interval on a kept-alive connection; its latencies are measured after a
 * warm-up under attack, while the service compiles its refusal path.
 *
 * <p>
 * Run with {@code java ci/SlowBodyProbe.java <port>}, the key in the environment
 * variable {@code SLOW_BODY_KEY}; settings as system properties
 * ({@code -Dconnections=500 -Dseconds=25 ...}, see the fields). Both halves run in one
 * process, or each in its own: {@code -Dpoll=false} for the attacker alone (it then runs
 * until its time is up or it is stopped, and prints its figures either way),
 * {@code -Dconnections=0} for the client alone. Prints the figures; exits 1 when the
 * client's p95 is over the limit, or any of its requests timed out or failed. Loopback
 * only; no dependencies beyond the JDK.
 */
public class SlowBodyProbe {

	static final int CONNECTIONS = Integer.getInteger("connections", 500);

	// the two halves can run as processes of their own: -Dconnections=0 for the client
	// alone, -Dpoll=false for the attacker alone
	static final boolean POLL = !"false".equals(System.getProperty("poll"));

	static final int SECONDS = Integer.getInteger("seconds", 25);

	static final int POLL_MILLIS = Integer.getInteger("pollMillis", 200);

	static final int TRICKLE_MILLIS = Integer.getInteger("trickleMillis", 2000);

	static final int CONTENT_LENGTH = Integer.getInteger("contentLength", 60000);

	static final int CLIENT_TIMEOUT_MILLIS = Integer.getInteger("clientTimeoutMillis", 2000);

	static final long P95_LIMIT_MILLIS = Long.getLong("p95LimitMillis", 50);

	static final int WARM_UP_REQUESTS = Integer.getInteger("warmUpRequests", 50);

	// the service compiles its refusal path while the attack starts: measure after that
	static final int ATTACK_WARM_UP_SECONDS = Integer.getInteger("attackWarmUpSeconds", 5);

	// eof: the attacker reads its connections and opens a new one as soon as the server
	// closes one; write: it only writes, and notices a closed connection when a write fails
	static final boolean RECONNECT_ON_EOF = !"write".equals(System.getProperty("reconnect", "eof"));

	public static void main(String[] args) throws Exception {
		if (args.length != 1) {
			System.err.println("usage: SLOW_BODY_KEY=<key> java ci/SlowBodyProbe.java <port>");
			System.exit(2);
		}
		int port = Integer.parseInt(args[0]);
		Client client = null;
		if (POLL) {
			String key = System.getenv("SLOW_BODY_KEY");
			if (key == null || key.isBlank()) {
				System.err.println("SLOW_BODY_KEY is not set");
				System.exit(2);
			}
			client = new Client(port, key);
			long warmUpEnd = System.nanoTime() + Duration.ofSeconds(10).toNanos();
			for (int i = 0; i < WARM_UP_REQUESTS && System.nanoTime() < warmUpEnd; i++) {
				client.poll();
			}
		}
		Attacker attacker = null;
		Thread attackerThread = null;
		if (CONNECTIONS > 0) {
			attacker = new Attacker(new InetSocketAddress("127.0.0.1", port));
			attackerThread = new Thread(attacker, "slow-body-attacker");
			attackerThread.setDaemon(true);
			attackerThread.start();
			long rampUpEnd = System.nanoTime() + Duration.ofSeconds(10).toNanos();
			while (attacker.open.get() < CONNECTIONS && System.nanoTime() < rampUpEnd) {
				Thread.sleep(20);
			}
			System.out.printf("attacker: %d of %d connections open after ramp-up%n", attacker.open.get(),
					CONNECTIONS);
		}
		run(client, Duration.ofSeconds(ATTACK_WARM_UP_SECONDS), null);
		if (client != null) {
			client.reset();
		}
		if (attacker != null) {
			Attacker measured = attacker;
			measured.resetCounts();
			// an attacker of its own is stopped by a signal when the client is done
			Runtime.getRuntime().addShutdownHook(new Thread(measured::report));
		}
		run(client, Duration.ofSeconds(SECONDS), attacker);
		if (attacker != null) {
			attacker.stop.set(true);
			attackerThread.join(5000);
			attacker.report();
		}
		// -Dseconds=0: a warm-up of the route, nothing measured
		boolean passed = (client == null) || SECONDS == 0 || client.report(P95_LIMIT_MILLIS);
		System.exit(passed ? 0 : 1);
	}

	// polls at a fixed rate for the given time (a request that took longer than the
	// interval is followed at once, not by a burst), or only waits without a client;
	// notes the fewest attacker connections open at any poll
	private static void run(Client client, Duration duration, Attacker attacker) throws InterruptedException {
		long interval = Duration.ofMillis(POLL_MILLIS).toNanos();
		long end = System.nanoTime() + duration.toNanos();
		for (long next = System.nanoTime(); System.nanoTime() < end; next = Math.max(next + interval,
				System.nanoTime())) {
			long wait = Math.min(next, end) - System.nanoTime();
			if (wait > 0) {
				Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
			}
			if (attacker != null) {
				attacker.noteOpen();
			}
			if (client != null && System.nanoTime() < end) {
				client.poll();
			}
		}
	}

	/**
	 * The well-behaved client: one kept-alive HTTP/1.1 connection, a timeout per
	 * request.
	 */
	static final class Client {

		private final HttpClient http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofMillis(CLIENT_TIMEOUT_MILLIS))
			.build();

		private final HttpRequest request;

		private final List<Long> nanos = new ArrayList<>();

		private int timeouts;

		private final Map<String, Integer> failures = new TreeMap<>();

		Client(int port, String key) {
			this.request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/backend-api/codex/models"))
				.header("Authorization", "Bearer " + key)
				.timeout(Duration.ofMillis(CLIENT_TIMEOUT_MILLIS))
				.GET()
				.build();
		}

		void poll() {
			long start = System.nanoTime();
			try {
				HttpResponse<byte[]> response = this.http.send(this.request, HttpResponse.BodyHandlers.ofByteArray());
				long took = System.nanoTime() - start;
				if (response.statusCode() == 200) {
					this.nanos.add(took);
				}
				else {
					this.failures.merge("HTTP " + response.statusCode(), 1, Integer::sum);
				}
			}
			catch (HttpTimeoutException ex) {
				this.timeouts++;
			}
			catch (IOException ex) {
				this.failures.merge(ex.getClass().getSimpleName(), 1, Integer::sum);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}

		void reset() {
			this.nanos.clear();
			this.timeouts = 0;
			this.failures.clear();
		}

		boolean report(long p95LimitMillis) {
			List<Long> sorted = new ArrayList<>(this.nanos);
			Collections.sort(sorted);
			int count = sorted.size() + this.timeouts + this.failures.values().stream().mapToInt(Integer::intValue).sum();
			double p50 = percentile(sorted, 0.50);
			double p95 = percentile(sorted, 0.95);
			double max = sorted.isEmpty() ? Double.NaN : sorted.get(sorted.size() - 1) / 1e6;
			System.out.printf(
					"client: %d requests, %d answered 200: p50 %.1f ms, p95 %.1f ms, max %.1f ms; %d timeouts "
							+ "(%d ms); failures %s%n",
					count, sorted.size(), p50, p95, max, this.timeouts, CLIENT_TIMEOUT_MILLIS, this.failures);
			boolean passed = !sorted.isEmpty() && p95 <= p95LimitMillis && this.timeouts == 0
					&& this.failures.isEmpty();
			System.out.println((passed ? "PASS" : "FAIL") + ": p95 limit " + p95LimitMillis
					+ " ms, no timeout and no failure allowed");
			return passed;
		}

		// nearest rank
		private static double percentile(List<Long> sorted, double fraction) {
			if (sorted.isEmpty()) {
				return Double.NaN;
			}
			int rank = (int) Math.ceil(fraction * sorted.size());
			return sorted.get(Math.max(0, rank - 1)) / 1e6;
		}

	}

	/**
	 * The slow-body connections, on one selector thread.
	 */
	static final class Attacker implements Runnable {

		final AtomicBoolean stop = new AtomicBoolean();

		final AtomicInteger open = new AtomicInteger();

		final AtomicLong opened = new AtomicLong();

		final AtomicLong closedByServer = new AtomicLong();

		final AtomicLong writeFailures = new AtomicLong();

		final AtomicLong connectFailures = new AtomicLong();

		final AtomicLong bodyBytes = new AtomicLong();

		private final Map<String, AtomicLong> statuses = new TreeMap<>();

		private final InetSocketAddress address;

		private final Slot[] slots = new Slot[CONNECTIONS];

		private final ByteBuffer discard = ByteBuffer.allocate(16384);

		private final ByteBuffer oneByte = ByteBuffer.wrap(new byte[] { ' ' });

		Attacker(InetSocketAddress address) {
			this.address = address;
		}

		private final AtomicBoolean reported = new AtomicBoolean();

		private volatile int minOpen = Integer.MAX_VALUE;

		private volatile long since = System.nanoTime();

		void noteOpen() {
			this.minOpen = Math.min(this.minOpen, this.open.get());
		}

		void report() {
			if (this.reported.getAndSet(true)) {
				return;
			}
			double elapsed = (System.nanoTime() - this.since) / 1e9;
			System.out.printf("attacker: %d connections (%d at least at any poll), %d opened in %.1f s (%.0f/s), "
					+ "%d closed by the server, %d failed writes, %d refused connects, %d body bytes sent; "
					+ "answers %s%n", CONNECTIONS, this.minOpen, this.opened.get(), elapsed,
					this.opened.get() / elapsed, this.closedByServer.get(), this.writeFailures.get(),
					this.connectFailures.get(), this.bodyBytes.get(), statuses());
			System.out.flush();
		}

		synchronized void resetCounts() {
			this.since = System.nanoTime();
			this.minOpen = Integer.MAX_VALUE;
			this.opened.set(0);
			this.closedByServer.set(0);
			this.writeFailures.set(0);
			this.connectFailures.set(0);
			this.bodyBytes.set(0);
			this.statuses.clear();
		}

		synchronized String statuses() {
			return this.statuses.toString();
		}

		@Override
		public void run() {
			try (Selector selector = Selector.open()) {
				long now = System.nanoTime();
				for (int i = 0; i < CONNECTIONS; i++) {
					this.slots[i] = new Slot(i);
					// spread the trickle over the interval
					this.slots[i].nextTrickle = now + (long) i * Duration.ofMillis(TRICKLE_MILLIS).toNanos() / CONNECTIONS;
					connect(selector, this.slots[i]);
				}
				while (!this.stop.get()) {
					selector.select(10);
					Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
					while (keys.hasNext()) {
						SelectionKey key = keys.next();
						keys.remove();
						Slot slot = (Slot) key.attachment();
						if (!key.isValid()) {
							continue;
						}
						if (key.isConnectable()) {
							finishConnect(selector, slot);
						}
						else if (key.isReadable()) {
							read(selector, slot);
						}
					}
					now = System.nanoTime();
					for (Slot slot : this.slots) {
						if (slot.channel == null && now >= slot.retryAt) {
							connect(selector, slot);
						}
						else if (slot.connected && now >= slot.nextTrickle) {
							trickle(selector, slot);
							slot.nextTrickle = now + Duration.ofMillis(TRICKLE_MILLIS).toNanos();
						}
					}
				}
				for (Slot slot : this.slots) {
					close(slot);
				}
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		}

		private void connect(Selector selector, Slot slot) {
			try {
				SocketChannel channel = SocketChannel.open();
				channel.configureBlocking(false);
				slot.channel = channel;
				slot.connected = false;
				slot.answer.setLength(0);
				this.open.incrementAndGet();
				if (channel.connect(this.address)) {
					finishConnect(selector, slot);
				}
				else {
					channel.register(selector, SelectionKey.OP_CONNECT, slot);
				}
			}
			catch (IOException ex) {
				failConnect(slot);
			}
		}

		private void finishConnect(Selector selector, Slot slot) {
			try {
				slot.channel.finishConnect();
				slot.connected = true;
				this.opened.incrementAndGet();
				String target = (slot.index % 2 == 0) ? "/api/api-keys" : "/backend-api/codex/models";
				byte[] head = ("POST " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
						+ "Content-Type: application/json\r\nContent-Length: " + CONTENT_LENGTH + "\r\n\r\n{")
					.getBytes(StandardCharsets.ISO_8859_1);
				ByteBuffer buffer = ByteBuffer.wrap(head);
				while (buffer.hasRemaining()) {
					if (slot.channel.write(buffer) == 0) {
						break;
					}
				}
				this.bodyBytes.incrementAndGet();
				slot.channel.register(selector, RECONNECT_ON_EOF ? SelectionKey.OP_READ : 0, slot);
			}
			catch (IOException ex) {
				failConnect(slot);
			}
		}

		private void failConnect(Slot slot) {
			this.connectFailures.incrementAndGet();
			close(slot);
			// a refused connect is tried again soon, not in a hot loop
			slot.retryAt = System.nanoTime() + Duration.ofMillis(50).toNanos();
		}

		private void read(Selector selector, Slot slot) {
			try {
				this.discard.clear();
				int read = slot.channel.read(this.discard);
				if (read > 0 && slot.answer.length() < 12) {
					this.discard.flip();
					while (this.discard.hasRemaining() && slot.answer.length() < 12) {
						slot.answer.append((char) this.discard.get());
					}
					if (slot.answer.length() >= 12) {
						count(slot.answer.substring(9, 12));
					}
				}
				if (read == -1) {
					this.closedByServer.incrementAndGet();
					reconnect(selector, slot);
				}
			}
			catch (IOException ex) {
				this.closedByServer.incrementAndGet();
				reconnect(selector, slot);
			}
		}

		private void trickle(Selector selector, Slot slot) {
			try {
				this.oneByte.clear();
				if (slot.channel.write(this.oneByte) == 1) {
					this.bodyBytes.incrementAndGet();
				}
			}
			catch (IOException ex) {
				this.writeFailures.incrementAndGet();
				reconnect(selector, slot);
			}
		}

		private void reconnect(Selector selector, Slot slot) {
			close(slot);
			connect(selector, slot);
		}

		private void close(Slot slot) {
			if (slot.channel != null) {
				try {
					slot.channel.close();
				}
				catch (IOException ex) {
					// closed either way
				}
				slot.channel = null;
				slot.connected = false;
				this.open.decrementAndGet();
			}
		}

		private synchronized void count(String status) {
			this.statuses.computeIfAbsent(status, (missing) -> new AtomicLong()).incrementAndGet();
		}

	}

	/**
	 * One attacker connection, opened again whenever it ends.
	 */
	static final class Slot {

		final int index;

		SocketChannel channel;

		boolean connected;

		long nextTrickle;

		long retryAt;

		final StringBuilder answer = new StringBuilder();

		Slot(int index) {
			this.index = index;
		}

	}

}
