package io.codexlb.admin;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import io.codexlb.database.SqlTimestamps;
import io.codexlb.error.ApiError;
import org.jspecify.annotations.Nullable;

/**
 * The query parameters of the paged admin lists, read as they all read them: an empty
 * parameter, as a form sends it, is one left out, and a bad one is a 400 that names it.
 */
final class PageParameters {

	static final int DEFAULT_LIMIT = 50;

	private PageParameters() {
	}

	static int limit(@Nullable String limit, int max) {
		return isBlank(limit) ? DEFAULT_LIMIT : (int) number("limit", limit, 1, max);
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
