package io.codexlb.web;

import java.time.LocalDate;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.codexlb.usage.UsageCounts;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * The JSON of a key's own usage ({@code GET /v1/usage}); every field is always written,
 * {@code null} included.
 */
final class KeyUsageWire {

	private KeyUsageWire() {
	}

	static Day day(LocalDate date, UsageCounts counts) {
		return new Day(date.toString(), counts.total(), counts.ok(), counts.notModified(), counts.notFound(),
				counts.rateLimited(), counts.unavailable());
	}

	/**
	 * A key's usage.
	 *
	 * @param object always {@code api_key.usage}
	 * @param name the key's name
	 * @param keyPrefix the first 12 characters of the key
	 * @param allowedModels the models the key may use, {@code null} for all
	 * @param expiresAt when the key stops working (ISO-8601), {@code null} for never
	 * @param rateLimits each window of the key's rate limit as it stands now
	 * @param requestsToday the key's requests since 00:00 UTC
	 * @param daily the key's requests per UTC day, today last
	 */
	@JsonInclude(JsonInclude.Include.ALWAYS)
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	record KeyUsage(String object, String name, String keyPrefix, @Nullable List<String> allowedModels,
			@Nullable String expiresAt, List<Window> rateLimits, long requestsToday, List<Day> daily) {

	}

	/**
	 * A rate-limit window.
	 *
	 * @param window {@code minute} or {@code day}
	 * @param limit the requests it allows
	 * @param remaining the requests left
	 * @param resetSeconds when it is whole again
	 */
	@JsonInclude(JsonInclude.Include.ALWAYS)
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	record Window(String window, long limit, long remaining, long resetSeconds) {

	}

	/**
	 * The requests of a UTC day by outcome.
	 *
	 * @param date the day (ISO-8601)
	 * @param total every request
	 * @param ok 200s
	 * @param notModified 304s
	 * @param notFound 404s
	 * @param rateLimited 429s
	 * @param unavailable 503s
	 */
	@JsonInclude(JsonInclude.Include.ALWAYS)
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	record Day(String date, long total, long ok, long notModified, long notFound, long rateLimited, long unavailable) {

	}

}
