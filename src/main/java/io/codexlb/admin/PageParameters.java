package io.codexlb.admin;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

import io.codexlb.database.SqlTimestamps;
import io.codexlb.error.ApiError;
import org.jspecify.annotations.Nullable;

/**
 * The query parameters of the paged admin lists, read as they all read them: an empty
 * parameter, as a form sends it, is one left out, and a bad one is a 400 that names it.
 */
final class PageParameters {

	/** The size of a page when {@code limit} is left out. */
	static final int DEFAULT_LIMIT = 100;

	/** The largest {@code limit}. */
	static final int MAX_LIMIT = 1000;

	/** The longest search text. */
	static final int MAX_SEARCH = 200;

	private PageParameters() {
	}

	static int limit(@Nullable String limit) {
		return isBlank(limit) ? DEFAULT_LIMIT : (int) number("limit", limit, 1, MAX_LIMIT);
	}

	/**
	 * The search text of a list: trimmed, at most {@link #MAX_SEARCH} characters.
	 * @param param the parameter's name
	 * @param value the value sent
	 * @return the text, or {@code null} when it was left out or blank
	 */
	static @Nullable String search(String param, @Nullable String value) {
		if (isBlank(value)) {
			return null;
		}
		String text = value.strip();
		if (text.length() > MAX_SEARCH || text.chars().anyMatch(Character::isISOControl)) {
			throw ApiError
				.invalidRequest(param,
						"'" + param + "' must be at most " + MAX_SEARCH
								+ " characters, without control characters; got " + value.length() + " characters.")
				.exception();
		}
		return text;
	}

	/**
	 * A parameter that takes one of a few names.
	 * @param param the parameter's name
	 * @param value the value sent
	 * @param names the names it takes
	 * @return the name, or {@code null} when it was left out
	 */
	static @Nullable String oneOf(String param, @Nullable String value, List<String> names) {
		if (isBlank(value)) {
			return null;
		}
		if (!names.contains(value)) {
			throw ApiError
				.invalidRequest(param,
						"'" + param + "' must be one of " + String.join(", ", names) + "; got '"
								+ ApiError.excerpt(value) + "'.")
				.exception();
		}
		return value;
	}

	static @Nullable Long after(@Nullable String after) {
		return isBlank(after) ? null : number("after", after, 1, Long.MAX_VALUE);
	}

	static @Nullable Instant instant(String param, @Nullable String value) {
		if (isBlank(value)) {
			return null;
		}
		try {
			Instant instant = Instant.parse(value.strip());
			// the range both databases store
			if (!instant.isBefore(Instant.EPOCH) && !instant.isAfter(SqlTimestamps.LATEST)) {
				return instant;
			}
		}
		catch (DateTimeParseException ex) {
			// answered below
		}
		throw ApiError
			.invalidRequest(param,
					"'" + param + "' must be an ISO-8601 instant from 1970 to 9999, such as 2026-01-15T10:00:00Z; got '"
							+ ApiError.excerpt(value) + "'.")
			.exception();
	}

	static @Nullable String text(@Nullable String value) {
		return isBlank(value) ? null : value;
	}

	static boolean isBlank(@Nullable String value) {
		return value == null || value.isBlank();
	}

	static long number(String param, String value, long min, long max) {
		try {
			long number = Long.parseLong(value);
			if (number >= min && number <= max) {
				return number;
			}
		}
		catch (NumberFormatException ex) {
			// answered below
		}
		throw ApiError
			.invalidRequest(param,
					"'" + param + "' must be a whole number from " + min + " to " + max + "; got '"
							+ ApiError.excerpt(value) + "'.")
			.exception();
	}

}
