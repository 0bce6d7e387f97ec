package io.codexlb.usage;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * Counts the requests of each key by hour and outcome, in memory: a request reads the
 * clock, finds its key's counters for the hour without a lock (created once per key and
 * hour) and increments one {@link LongAdder}. {@link UsageFlusher} takes the counts out
 * every flush interval. The entries are bounded: past {@code max-pending-entries} (the
 * database has been down a long while), a key not yet counted this hour is dropped and
 * the drop is counted.
 */
@Component
public class UsageCounter {

	static final long HOUR_MILLIS = 3_600_000L;

	// an hour's counters are retired this long after the hour ended: a request that read
	// the clock just before the hour ended has long incremented by then
	static final long RETIRE_AFTER_MILLIS = 60_000L;

	private static final int OUTCOMES = UsageOutcome.values().length;

	private final Clock clock;

	private final int maxEntries;

	private final ConcurrentHashMap<Long, HourCounts> hours = new ConcurrentHashMap<>();

	private final AtomicInteger entries = new AtomicInteger();

	private final Counter dropped;

	// the hour most requests count in: found without a map lookup
	private volatile HourCounts latest;

	UsageCounter(Clock clock, UsageProperties properties, MeterRegistry meterRegistry) {
		this.clock = clock;
		this.maxEntries = properties.maxPendingEntries();
		HourCounts first = new HourCounts(hourOf(clock.millis()));
		this.hours.put(first.hour, first);
		this.latest = first;
		this.dropped = Counter.builder("codex_lb_usage_dropped_requests")
			.description("Requests that could not be counted: too many (key, hour) counts waited for the database")
			.register(meterRegistry);
		Gauge.builder("codex_lb_usage_pending_entries", this.entries, AtomicInteger::get)
			.description("(key, hour) counts held in memory until they are written")
			.register(meterRegistry);
	}

	/**
	 * Counts one answered request of a key.
	 * @param keyId the key's id
	 * @param status the answer's status; one that is no {@link UsageOutcome} is not
	 * counted
	 */
	public void count(String keyId, int status) {
		UsageOutcome outcome = UsageOutcome.ofStatus(status);
		if (outcome == null) {
			return;
		}
		long hour = hourOf(this.clock.millis());
		HourCounts counts = this.latest;
		if (counts.hour != hour) {
			counts = hourCounts(hour);
		}
		LongAdder[] adders = counts.keys.get(keyId);
		if (adders == null) {
			adders = newEntry(counts, keyId);
			if (adders == null) {
				this.dropped.increment();
				return;
			}
		}
		adders[outcome.ordinal()].increment();
	}

	/**
	 * Takes the counts out: each counter is read and reset at once, so that a request
	 * counted meanwhile is in this batch or in the next one, never in none or both. The
	 * counters of an hour that ended a minute ago are retired.
	 * @return the counts since the last drain, one increment per key and hour that had
	 * requests
	 */
	List<UsageIncrement> drain() {
		long now = this.clock.millis();
		List<UsageIncrement> batch = new ArrayList<>();
		for (HourCounts counts : this.hours.values()) {
			boolean retired = now - (counts.hour + 1) * HOUR_MILLIS >= RETIRE_AFTER_MILLIS && counts != this.latest;
			if (retired) {
				this.hours.remove(counts.hour, counts);
				this.entries.addAndGet(-counts.keys.size());
			}
			Instant hourStart = Instant.ofEpochMilli(counts.hour * HOUR_MILLIS);
			counts.keys.forEach((keyId, adders) -> {
				long[] byOutcome = new long[OUTCOMES];
				long total = 0;
				for (int i = 0; i < OUTCOMES; i++) {
					byOutcome[i] = adders[i].sumThenReset();
					total += byOutcome[i];
				}
				if (total > 0) {
					batch.add(new UsageIncrement(keyId, hourStart, UsageCounts.of(byOutcome)));
				}
			});
		}
		return batch;
	}

	/**
	 * Puts counts back that could not be written, to go with the next flush.
	 * @param batch what {@link #drain()} gave
	 */
	void restore(List<UsageIncrement> batch) {
		for (UsageIncrement increment : batch) {
			HourCounts counts = hourCounts(hourOf(increment.hourStart().toEpochMilli()));
			LongAdder[] adders = counts.keys.get(increment.keyId());
			if (adders == null) {
				adders = newEntry(counts, increment.keyId());
			}
			if (adders == null) {
				this.dropped.increment(increment.counts().total());
				continue;
			}
			UsageCounts restored = increment.counts();
			adders[UsageOutcome.OK.ordinal()].add(restored.ok());
			adders[UsageOutcome.NOT_MODIFIED.ordinal()].add(restored.notModified());
			adders[UsageOutcome.NOT_FOUND.ordinal()].add(restored.notFound());
			adders[UsageOutcome.RATE_LIMITED.ordinal()].add(restored.rateLimited());
			adders[UsageOutcome.UNAVAILABLE.ordinal()].add(restored.unavailable());
		}
	}

	/**
	 * Drops every count not yet written, and counts the drop.
	 * @return the requests dropped
	 */
	long dropAll() {
		long requests = drain().stream().mapToLong((increment) -> increment.counts().total()).sum();
		this.dropped.increment(requests);
		return requests;
	}

	int pendingEntries() {
		return this.entries.get();
	}

	private LongAdder[] newEntry(HourCounts counts, String keyId) {
		if (this.entries.get() >= this.maxEntries) {
			// another request may have made it meanwhile
			return counts.keys.get(keyId);
		}
		return counts.keys.computeIfAbsent(keyId, (missing) -> {
			this.entries.incrementAndGet();
			LongAdder[] adders = new LongAdder[OUTCOMES];
			for (int i = 0; i < OUTCOMES; i++) {
				adders[i] = new LongAdder();
			}
			return adders;
		});
	}

	private HourCounts hourCounts(long hour) {
		HourCounts counts = this.hours.computeIfAbsent(hour, HourCounts::new);
		if (counts.hour > this.latest.hour) {
			this.latest = counts;
		}
		return counts;
	}

	private static long hourOf(long epochMillis) {
		return Math.floorDiv(epochMillis, HOUR_MILLIS);
	}

	private static final class HourCounts {

		private final long hour;

		private final ConcurrentHashMap<String, LongAdder[]> keys = new ConcurrentHashMap<>();

		private HourCounts(long hour) {
			this.hour = hour;
		}

	}

}
