package io.codexlb.usage;

import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;

import io.codexlb.logging.ThrottledWarning;
import io.codexlb.replica.ReplicaLocks;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * Adds the counts in memory to the database every flush interval, and once more when the
 * service stops (after the server has stopped taking requests). Counts the database did
 * not take are kept for the next flush. Once a day one replica prunes the hours past the
 * retention.
 */
@Component
class UsageFlusher implements SchedulingConfigurer {

	private static final Logger logger = LoggerFactory.getLogger(UsageFlusher.class);

	static final String RETENTION_LOCK = "usage-retention";

	private final UsageCounter counter;

	private final UsageStore store;

	private final ReplicaLocks locks;

	private final Clock clock;

	private final UsageProperties properties;

	private final Counter written;

	private final Counter failed;

	private final ThrottledWarning failureWarning = new ThrottledWarning(Duration.ofMinutes(1));

	UsageFlusher(UsageCounter counter, UsageStore store, ReplicaLocks locks, Clock clock, UsageProperties properties,
			MeterRegistry meterRegistry) {
		this.counter = counter;
		this.store = store;
		this.locks = locks;
		this.clock = clock;
		this.properties = properties;
		this.written = flushes(meterRegistry, "written");
		this.failed = flushes(meterRegistry, "failed");
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		registrar.addFixedDelayTask(this::flush, this.properties.flushInterval());
		registrar.addFixedDelayTask(this::pruneOnceADay, ReplicaLocks.DAILY_CHECK_INTERVAL);
	}

	/**
	 * Writes what was counted since the last flush; one flush at a time, so that once it
	 * returns everything counted before it was called is written (or kept for the next).
	 * @return whether everything counted is written
	 */
	synchronized boolean flush() {
		List<UsageIncrement> batch = this.counter.drain();
		if (batch.isEmpty()) {
			return true;
		}
		try {
			this.store.add(batch);
			this.written.increment();
			return true;
		}
		catch (RuntimeException ex) {
			// a failed transaction committed nothing of the batch; only a commit whose
			// answer was lost on the way back would be counted twice
			this.counter.restore(batch);
			this.failed.increment();
			if (this.failureWarning.due()) {
				logger.warn("Could not write the usage counts of {} keys and hours; they wait in memory: {}",
						batch.size(), ex.getClass().getSimpleName());
			}
			return false;
		}
	}

	/**
	 * The last flush, once the server has stopped taking requests: what it cannot write
	 * is lost, and said so.
	 */
	@PreDestroy
	void flushAtStop() {
		if (!flush()) {
			long lost = this.counter.dropAll();
			logger.warn("Stopping with {} requests not counted: the database did not take them", lost);
		}
	}

	/**
	 * Prunes the hours past the retention, when no replica did in the last day.
	 * @return how many rows were removed, or -1 when another replica did it
	 */
	int pruneOnceADay() {
		return this.locks.pruneOnceADay(RETENTION_LOCK, "hourly usage counts",
				() -> this.clock.instant().minus(this.properties.retention()).truncatedTo(ChronoUnit.HOURS),
				this.store::pruneBefore);
	}

	private static Counter flushes(MeterRegistry meterRegistry, String outcome) {
		return Counter.builder("codex_lb_usage_flushes")
			.description("Writes of the usage counts to the database, by outcome")
			.tag("outcome", outcome)
			.register(meterRegistry);
	}

}
