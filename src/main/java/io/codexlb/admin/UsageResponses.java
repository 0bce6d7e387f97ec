package io.codexlb.admin;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.codexlb.usage.UsageCounts;
import io.codexlb.usage.UsageSeries;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * Usage on the wire: series of counts per outcome, zero-filled.
 */
final class UsageResponses {

	private UsageResponses() {
	}

	static Counts counts(UsageCounts counts) {
		return new Counts(counts.total(), counts.ok(), counts.notModified(), counts.notFound(), counts.rateLimited(),
				counts.unavailable());
	}

	static List<Point> points(UsageSeries series) {
		return series.points()
			.stream()
			.map((point) -> new Point(point.start().toString(), counts(point.counts())))
			.toList();
	}

	/**
	 * A key's series.
	 *
	 * @param object always {@code api_key.usage}
	 * @param keyId the key's id
	 * @param granularity {@code hour} or {@code day}
	 * @param from the start of the first step (ISO-8601)
	 * @param to the end of the last step, exclusive (ISO-8601)
	 * @param totals the requests of the whole range
	 * @param data a point per step, oldest first
	 */
	@JsonInclude(JsonInclude.Include.ALWAYS)
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	record KeySeries(String object, String keyId, String granularity, String from, String to, Counts totals,
			List<Point> data) {

	}

	/**
	 * The instance's series.
	 *
	 * @param object always {@code usage}
	 * @param granularity {@code hour} or {@code day}
	 * @param from the start of the first step (ISO-8601)
	 * @param to the end of the last step, exclusive (ISO-8601)
	 * @param totals the requests of the whole range
	 * @param data a point per step, oldest first
	 * @param topKeys the keys with the most requests in the range, most first
	 */
	@JsonInclude(JsonInclude.Include.ALWAYS)
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	record InstanceSeries(String object, String granularity, String from, String to, Counts totals, List<Point> data,
			List<TopKey> topKeys) {

	}

	/**
	 * A step of a series.
	 *
	 * @param start the start of the step (ISO-8601)
	 * @param counts its requests
	 */
	@JsonInclude(JsonInclude.Include.ALWAYS)
	record Point(String start, @JsonUnwrapped Counts counts) {

	}

	/**
	 * A key among those with the most requests.
	 *
	 * @param keyId the key's id
	 * @param name its name, {@code null} once deleted
	 * @param keyPrefix the first 12 characters of the key, {@code null} once deleted
	 * @param deleted whether the key was deleted since
	 * @param counts its requests in the range
	 */
	@JsonInclude(JsonInclude.Include.ALWAYS)
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	record TopKey(String keyId, @Nullable String name, @Nullable String keyPrefix, boolean deleted,
			@JsonUnwrapped Counts counts) {

	}

	/**
	 * Requests by outcome.
	 *
	 * @param total every request
	 * @param ok 200s
	 * @param notModified 304s
	 * @param notFound 404s
	 * @param rateLimited 429s
	 * @param unavailable 503s
	 */
	@JsonInclude(JsonInclude.Include.ALWAYS)
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	record Counts(long total, long ok, long notModified, long notFound, long rateLimited, long unavailable) {

	}

}
