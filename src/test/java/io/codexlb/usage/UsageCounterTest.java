package io.codexlb.usage;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.codexlb.support.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The counts in memory: per key, hour and outcome, each request in exactly one drain
 * however the requests and the drains interleave, bounded while the database is away.
 */
class UsageCounterTest {

	private final MutableClock clock = new MutableClock();

	private final SimpleMeterRegistry meterRegistry = new SimpleMeterRegistry();

	private UsageCounter counter(int maxPendingEntries) {
		return new UsageCounter(this.clock,
				new UsageProperties(Duration.ofSeconds(10), Duration.ofDays(90), 2160, maxPendingEntries),
				this.meterRegistry);
	}

	@Test
	void countShouldKeepOutcomesApartAndDrainEachRequestOnce() {
		UsageCounter counter = counter(100);
		for (int status : new int[] { 200, 200, 304, 404, 429, 429, 429, 503, 405, 401 }) {
			counter.count("key-a", status);
		}
		counter.count("key-b", 200);
		List<UsageIncrement> batch = counter.drain();
		Instant hour = Instant.parse("2026-01-15T10:00:00Z");
		assertThat(batch).containsExactlyInAnyOrder(new UsageIncrement("key-a", hour, new UsageCounts(2, 1, 1, 3, 1)),
				new UsageIncrement("key-b", hour, new UsageCounts(1, 0, 0, 0, 0)));
		assertThat(counter.drain()).as("drained once").isEmpty();
	}

	@Test
	void countWhileDrainingShouldPutEveryRequestInExactlyOneBatch() throws Exception {
		UsageCounter counter = counter(100);
		int threads = 4;
		int perThread = 20_000;
		ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
		CountDownLatch start = new CountDownLatch(1);
		AtomicBoolean counting = new AtomicBoolean(true);
		List<UsageIncrement> drained = new ArrayList<>();
		try {
			List<Future<?>> counters = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				String keyId = "key-" + (t % 2);
				counters.add(pool.submit(() -> {
					start.await();
					for (int i = 0; i < perThread; i++) {
						counter.count(keyId, (i % 2 == 0) ? 200 : 429);
					}
					return null;
				}));
			}
			Future<?> drainer = pool.submit(() -> {
				start.await();
				while (counting.get()) {
					drained.addAll(counter.drain());
				}
				return null;
			});
			start.countDown();
			for (Future<?> future : counters) {
				future.get(5, TimeUnit.MINUTES);
			}
			counting.set(false);
			drainer.get(5, TimeUnit.MINUTES);
		}
		finally {
			pool.shutdownNow();
		}
		drained.addAll(counter.drain());
		UsageCounts total = drained.stream().map(UsageIncrement::counts).reduce(UsageCounts.NONE, UsageCounts::plus);
		assertThat(total).isEqualTo(new UsageCounts(threads * perThread / 2, 0, 0, threads * perThread / 2, 0));
	}

	@Test
	void countInANewHourShouldStartItsOwnCountsAndRetireTheOldHourAMinuteAfterItEnded() {
		UsageCounter counter = counter(100);
		counter.count("key", 200);
		this.clock.advance(Duration.ofMinutes(60));
		counter.count("key", 200);
		assertThat(counter.drain()).containsExactlyInAnyOrder(
				new UsageIncrement("key", Instant.parse("2026-01-15T10:00:00Z"), new UsageCounts(1, 0, 0, 0, 0)),
				new UsageIncrement("key", Instant.parse("2026-01-15T11:00:00Z"), new UsageCounts(1, 0, 0, 0, 0)));
		assertThat(counter.pendingEntries()).isEqualTo(2);
		this.clock.advance(Duration.ofSeconds(30));
		counter.drain();
		assertThat(counter.pendingEntries()).as("10:00 ended 30 s ago").isEqualTo(2);
		this.clock.advance(Duration.ofSeconds(30));
		counter.drain();
		assertThat(counter.pendingEntries()).as("10:00 ended a minute ago").isEqualTo(1);
	}

	@Test
	void restoreShouldPutCountsBackForTheNextDrain() {
		UsageCounter counter = counter(100);
		counter.count("key", 200);
		List<UsageIncrement> failed = counter.drain();
		counter.count("key", 404);
		counter.restore(failed);
		assertThat(counter.drain()).containsExactly(
				new UsageIncrement("key", Instant.parse("2026-01-15T10:00:00Z"), new UsageCounts(1, 0, 1, 0, 0)));
	}

	@Test
	void countPastTheBoundShouldDropNewKeysAndCountTheDrops() {
		UsageCounter counter = counter(2);
		counter.count("first", 200);
		counter.count("second", 200);
		counter.count("third", 200);
		counter.count("third", 200);
		counter.count("first", 200);
		assertThat(counter.drain()).extracting(UsageIncrement::keyId).containsExactlyInAnyOrder("first", "second");
		assertThat(this.meterRegistry.get("codex_lb_usage_dropped_requests").counter().count()).isEqualTo(2);
	}

}
