package io.codexlb.admin.console;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * How the console's pages write times and counts: in UTC, as the admin API does, with the
 * age of a time beside it.
 */
final class ConsoleFormat {

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
		.withZone(ZoneOffset.UTC);

	private static final DateTimeFormatter INPUT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm", Locale.ROOT)
		.withZone(ZoneOffset.UTC);

	private final Clock clock;

	ConsoleFormat(Clock clock) {
		this.clock = clock;
	}

	public String time(@Nullable Instant instant) {
		return (instant != null) ? TIME.format(instant) : "never";
	}

	public String input(@Nullable Instant instant) {
		return (instant != null) ? INPUT.format(instant) : "";
	}

	public String iso(Instant instant) {
		return DateTimeFormatter.ISO_INSTANT.format(instant);
	}

	public String ago(@Nullable Instant instant) {
		if (instant == null) {
			return "never";
		}
		Duration age = Duration.between(instant, this.clock.instant());
		if (age.isNegative()) {
			return "in " + span(age.negated());
		}
		return span(age) + " ago";
	}

	static String span(Duration duration) {
		long seconds = duration.toSeconds();
		if (seconds < 60) {
			return seconds + " s";
		}
		if (seconds < 3600) {
			return (seconds / 60) + " min";
		}
		if (seconds < 2 * 86400) {
			return (seconds / 3600) + " h";
		}
		return (seconds / 86400) + " d";
	}

	// CSS classes and wire names: the same letters in every locale
	public String lower(Object value) {
		return value.toString().toLowerCase(Locale.ROOT);
	}

	public String count(long count) {
		return String.format(Locale.ROOT, "%,d", count);
	}

}
