package io.codexlb.usage;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.codexlb.error.ApiError;
import org.jspecify.annotations.Nullable;

/**
 * The steps of a usage series: {@code from} rounded down and {@code to} rounded up to
 * whole steps, which are UTC hours or UTC days.
 *
 * @param from the start of the first step
 * @param to the end of the last step, exclusive
 * @param granularity the step
 */
public record UsageRange(Instant from, Instant to, Granularity granularity) {

	/** The range when the query names none: the last 24 hours. */
	public static final Duration DEFAULT_SPAN = Duration.ofHours(24);

	// the latest time a range may name: rounded up to a step, it is still a four-digit
	// year
	static final Instant LATEST = Instant.parse("9999-12-31T00:00:00Z");

	/**
	 * Reads a range from query parameters.
	 * @param from {@code from}: an ISO-8601 instant ({@code 2026-12-01T10:00:00Z}) or a
	 * UTC date; the default is 24 hours before {@code to}
	 * @param to {@code to}: the same forms, exclusive; the default is the end of the step
	 * that holds now
	 * @param granularity {@code hour} (the default) or {@code day}
	 * @param now the time now
	 * @param maxPoints the most steps allowed
	 * @return the range
	 * @throws io.codexlb.error.ApiException a 400 naming the parameter that is wrong
	 */
	public static UsageRange parse(@Nullable String from, @Nullable String to, @Nullable String granularity,
			Instant now, int maxPoints) {
		Granularity step = Granularity.parse(blankToNull(granularity));
		String fromValue = blankToNull(from);
		String toValue = blankToNull(to);
		// by default up to the end of the step that holds now, and 24 hours back from
		// there, not before 1970; an empty parameter, as a form sends it, is one left out
		Instant end = (toValue != null) ? instant("to", toValue) : step.floor(now).plus(step.step);
		Instant start = (fromValue != null) ? instant("from", fromValue) : max(end.minus(DEFAULT_SPAN), Instant.EPOCH);
		if (!start.isBefore(end)) {
			throw ApiError.invalidRequest("from", "'from' must be before 'to'.").exception();
		}
		UsageRange range = new UsageRange(step.floor(start), step.ceil(end), step);
		long points = range.points();
		if (points > maxPoints) {
			// the bound the client sent, when it sent one
			throw ApiError
				.invalidRequest((toValue != null) ? "to" : "from",
						"The range has " + points + " points of one " + step.wireName() + "; at most " + maxPoints
								+ " are allowed. Narrow it, or use a coarser granularity.")
				.exception();
		}
		return range;
	}

	/**
	 * How many steps the range has.
	 * @return the steps
	 */
	public long points() {
		return Duration.between(this.from, this.to).dividedBy(this.granularity.step);
	}

	/**
	 * The start of each step, oldest first.
	 * @return the starts
	 */
	public List<Instant> starts() {
		List<Instant> starts = new ArrayList<>();
		for (Instant start = this.from; start.isBefore(this.to); start = start.plus(this.granularity.step)) {
			starts.add(start);
		}
		return starts;
	}

	private static @Nullable String blankToNull(@Nullable String value) {
		return (value == null || value.isBlank()) ? null : value;
	}

	private static Instant max(Instant one, Instant other) {
		return one.isAfter(other) ? one : other;
	}

	private static Instant instant(String param, String value) {
		try {
			Instant instant = (value.length() == 10) ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant()
					: Instant.parse(value);
			if (instant.isBefore(Instant.EPOCH) || instant.isAfter(LATEST)) {
				throw ApiError.invalidRequest(param, "'" + param + "' must be between 1970-01-01 and 9999-12-31.")
					.exception();
			}
			return instant;
		}
		catch (DateTimeException ex) {
			throw ApiError
				.invalidRequest(param,
						"'" + param + "' must be an ISO-8601 time such as 2026-12-01T10:00:00Z, "
								+ "or a date such as 2026-12-01; got '" + ApiError.excerpt(value) + "'.")
				.exception();
		}
	}

	/**
	 * The step of a series.
	 */
	public enum Granularity {

		/** UTC hours. */
		HOUR(Duration.ofHours(1)),

		/** UTC days. */
		DAY(Duration.ofDays(1));

		private final Duration step;

		Granularity(Duration step) {
			this.step = step;
		}

		/**
		 * The name in queries and answers.
		 * @return {@code hour} or {@code day}
		 */
		public String wireName() {
			return name().toLowerCase(Locale.ROOT);
		}

		Instant floor(Instant instant) {
			return instant.truncatedTo((this == HOUR) ? ChronoUnit.HOURS : ChronoUnit.DAYS);
		}

		Instant ceil(Instant instant) {
			Instant floor = floor(instant);
			return floor.equals(instant) ? floor : floor.plus(this.step);
		}

		static Granularity parse(@Nullable String value) {
			if (value == null) {
				return HOUR;
			}
			for (Granularity granularity : values()) {
				if (granularity.wireName().equals(value)) {
					return granularity;
				}
			}
			throw ApiError
				.invalidRequest("granularity",
						"'granularity' must be 'hour' or 'day'; got '" + ApiError.excerpt(value) + "'.")
				.exception();
		}

	}

}
