package io.codexlb.usage;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reads the counts back: zero-filled series of a key or of the instance, the keys with
 * the most requests, and a key's last days. They hold what was flushed, so they lag the
 * requests by up to a flush interval.
 */
@Service
public class UsageReports {

	private final UsageStore store;

	private final Clock clock;

	private final UsageProperties properties;

	UsageReports(UsageStore store, Clock clock, UsageProperties properties) {
		this.store = store;
		this.clock = clock;
		this.properties = properties;
	}

	/**
	 * Reads a range from query parameters, with this instance's limit on points.
	 * @param from {@code from}, or {@code null}
	 * @param to {@code to}, or {@code null}
	 * @param granularity {@code granularity}, or {@code null}
	 * @return the range
	 * @throws io.codexlb.error.ApiException a 400 naming the parameter that is wrong
	 */
	public UsageRange range(@Nullable String from, @Nullable String to, @Nullable String granularity) {
		return UsageRange.parse(from, to, granularity, this.clock.instant(), this.properties.maxPoints());
	}

	/**
	 * The requests of each step of a range.
	 * @param keyId the key, or {@code null} for every key
	 * @param range the range
	 * @return the series, a point for every step
	 */
	@Transactional(readOnly = true)
	public UsageSeries series(@Nullable String keyId, UsageRange range) {
		Map<Instant, UsageCounts> byStep = new TreeMap<>();
		for (Instant start : range.starts()) {
			byStep.put(start, UsageCounts.NONE);
		}
		for (UsageStore.HourCount hour : this.store.hours(keyId, range.from(), range.to())) {
			byStep.merge(range.granularity().floor(hour.hourStart()), hour.counts(), UsageCounts::plus);
		}
		List<UsageSeries.Point> points = new ArrayList<>(byStep.size());
		UsageCounts totals = UsageCounts.NONE;
		for (Map.Entry<Instant, UsageCounts> step : byStep.entrySet()) {
			points.add(new UsageSeries.Point(step.getKey(), step.getValue()));
			totals = totals.plus(step.getValue());
		}
		return new UsageSeries(range, totals, points);
	}

	/**
	 * The keys with the most requests in a range.
	 * @param range the range
	 * @param limit how many keys at most
	 * @return the keys, most requests first
	 */
	@Transactional(readOnly = true)
	public List<KeyUsage> topKeys(UsageRange range, int limit) {
		return this.store.topKeys(range.from(), range.to(), limit);
	}

	/**
	 * The requests of some keys in a range, for a page that lists them.
	 * @param range the range
	 * @param keyIds the keys
	 * @return the requests per key; a key without any is left out
	 */
	@Transactional(readOnly = true)
	public Map<String, Long> requests(UsageRange range, List<String> keyIds) {
		return this.store.requests(range.from(), range.to(), keyIds);
	}

	/**
	 * A key's requests per UTC day, today last.
	 * @param keyId the key
	 * @param days how many days, today included
	 * @return a point per day, oldest first
	 */
	@Transactional(readOnly = true)
	public UsageSeries lastDays(String keyId, int days) {
		LocalDate today = LocalDate.ofInstant(this.clock.instant(), ZoneOffset.UTC);
		Instant from = today.minusDays(days - 1L).atStartOfDay(ZoneOffset.UTC).toInstant();
		Instant to = today.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
		return series(keyId, new UsageRange(from, to, UsageRange.Granularity.DAY));
	}

}
