package io.codexlb.usage;

import java.time.Instant;
import java.util.List;

/**
 * Requests per step of a range.
 *
 * @param range the range
 * @param totals the requests of the whole range
 * @param points a point per step, oldest first, zero where there were none
 */
public record UsageSeries(UsageRange range, UsageCounts totals, List<Point> points) {

	/**
	 * The requests of one step.
	 *
	 * @param start the start of the step
	 * @param counts the requests by outcome
	 */
	public record Point(Instant start, UsageCounts counts) {

	}

}
