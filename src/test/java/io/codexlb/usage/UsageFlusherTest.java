package io.codexlb.usage;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.codexlb.replica.ReplicaLocks;
import io.codexlb.support.MutableClock;
import io.codexlb.support.ReachableDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The flusher against a real H2 database the test can cut off: counts wait in memory
 * while it is away and are written once it is back, flushes of several replicas add up
 * exactly, and the retention prunes once a day.
 */
class UsageFlusherTest {

	private static final Instant HOUR = Instant.parse("2026-01-15T10:00:00Z");

	private final MutableClock clock = new MutableClock();

	private final ReachableDataSource dataSource = new ReachableDataSource(
			// concurrent flushes wait for each other's row locks: on a loaded machine for
			// longer than H2's default second
			new DriverManagerDataSource("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=60000",
					"sa", ""));

	private final UsageProperties properties = new UsageProperties(Duration.ofSeconds(10), Duration.ofDays(90), 2160,
			1000);

	private final UsageStore store;

	UsageFlusherTest() {
		Flyway.configure().dataSource(this.dataSource).load().migrate();
		this.store = new UsageStore(new JdbcTemplate(this.dataSource),
				new DataSourceTransactionManager(this.dataSource));
	}

	private Replica replica() {
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		UsageCounter counter = new UsageCounter(this.clock, this.properties, meters);
		UsageFlusher flusher = new UsageFlusher(counter, this.store,
				new ReplicaLocks(new JdbcTemplate(this.dataSource)), this.clock, this.properties, meters);
		return new Replica(counter, flusher, meters);
	}

	@Test
	void flushWhileTheDatabaseIsDownShouldKeepTheCountsAndWriteThemOnceItIsBack() {
		Replica replica = replica();
		for (int i = 0; i < 3; i++) {
			replica.counter().count("key", 200);
		}
		this.dataSource.reachable = false;
		assertThat(replica.flusher().flush()).isFalse();
		replica.counter().count("key", 429);
		assertThat(replica.flusher().flush()).isFalse();
		this.dataSource.reachable = true;
		assertThat(replica.flusher().flush()).isTrue();
		assertThat(this.store.hours("key", HOUR, HOUR.plus(Duration.ofHours(1))))
			.containsExactly(new UsageStore.HourCount(HOUR, new UsageCounts(3, 0, 0, 1, 0)));
		assertThat(replica.flushes("failed")).isEqualTo(2);
		assertThat(replica.flushes("written")).isEqualTo(1);
		assertThat(replica.flusher().flush()).as("nothing left to write").isTrue();
		assertThat(replica.flushes("written")).isEqualTo(1);
	}

	@Test
	void flushesOfReplicasAtTheSameTimeShouldAddUpExactly() throws Exception {
		List<Replica> replicas = List.of(replica(), replica(), replica());
		int rounds = 40;
		ExecutorService pool = Executors.newFixedThreadPool(replicas.size());
		try {
			List<Future<?>> running = new ArrayList<>();
			for (Replica replica : replicas) {
				running.add(pool.submit(() -> {
					for (int round = 0; round < rounds; round++) {
						for (int key = 0; key < 5; key++) {
							replica.counter().count("key-" + key, (round % 4 == 0) ? 304 : 200);
						}
						// a flush that failed kept its counts for the next one
						replica.flusher().flush();
					}
					while (!replica.flusher().flush()) {
						// until the last counts are in
					}
					return null;
				}));
			}
			for (Future<?> future : running) {
				future.get(5, TimeUnit.MINUTES);
			}
		}
		finally {
			pool.shutdownNow();
		}
		for (int key = 0; key < 5; key++) {
			assertThat(this.store.hours("key-" + key, HOUR, HOUR.plus(Duration.ofHours(1))))
				.containsExactly(new UsageStore.HourCount(HOUR, new UsageCounts(90, 30, 0, 0, 0)));
		}
		assertThat(this.store.hours(null, HOUR, HOUR.plus(Duration.ofHours(1))).get(0).counts().total()).isEqualTo(600);
	}

	@Test
	void stopWhileTheDatabaseIsDownShouldCountWhatItLoses() {
		Replica replica = replica();
		replica.counter().count("key", 200);
		replica.counter().count("other", 404);
		this.dataSource.reachable = false;
		replica.flusher().flushAtStop();
		assertThat(replica.meters().get("codex_lb_usage_dropped_requests").counter().count()).isEqualTo(2);
		assertThat(replica.counter().drain()).isEmpty();
	}

	@Test
	void pruneShouldRemoveTheHoursPastTheRetentionOnceADayAcrossReplicas() {
		Replica replica = replica();
		replica.counter().count("old", 200);
		replica.flusher().flush();
		this.clock.advance(Duration.ofDays(91));
		replica.counter().count("recent", 200);
		replica.flusher().flush();
		assertThat(replica.flusher().pruneOnceADay()).isEqualTo(1);
		assertThat(replica().flusher().pruneOnceADay()).as("done today by the first replica").isEqualTo(-1);
		assertThat(this.store.hours(null, HOUR, this.clock.instant().plus(Duration.ofHours(1))))
			.extracting(UsageStore.HourCount::hourStart)
			.containsExactly(this.clock.instant().truncatedTo(ChronoUnit.HOURS));
	}

	private record Replica(UsageCounter counter, UsageFlusher flusher, SimpleMeterRegistry meters) {

		double flushes(String outcome) {
			return this.meters.get("codex_lb_usage_flushes").tag("outcome", outcome).counter().count();
		}

	}

}
