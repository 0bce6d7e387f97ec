package io.codexlb.admin.console;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.codexlb.usage.UsageRange;
import io.codexlb.usage.UsageSeries;

/**
 * A usage series as a bar chart drawn in SVG by the page itself: a bar of requests per
 * step, the 429s of the step in front of it. Only geometry and text: no script and no
 * inline style, so the page's content security policy holds.
 *
 * @param bars a bar per step, oldest first
 * @param max the tallest bar's requests (the height of the chart)
 * @param requests the requests of the whole range
 * @param rateLimited the 429s of the whole range
 * @param firstLabel the start of the first step
 * @param lastLabel the start of the last step
 */
record UsageChart(List<Bar> bars, long max, long requests, long rateLimited, String firstLabel, String lastLabel) {

	static final int WIDTH = 720;

	static final int HEIGHT = 160;

	static UsageChart of(UsageSeries series) {
		DateTimeFormatter labels = DateTimeFormatter
			.ofPattern((series.range().granularity() == UsageRange.Granularity.HOUR) ? "MM-dd HH:00" : "yyyy-MM-dd",
					Locale.ROOT)
			.withZone(ZoneOffset.UTC);
		List<UsageSeries.Point> points = series.points();
		long max = 1;
		for (UsageSeries.Point point : points) {
			max = Math.max(max, point.counts().total());
		}
		double step = (double) WIDTH / Math.max(1, points.size());
		List<Bar> bars = new ArrayList<>(points.size());
		for (int i = 0; i < points.size(); i++) {
			UsageSeries.Point point = points.get(i);
			long total = point.counts().total();
			long limited = point.counts().rateLimited();
			int height = (int) Math.round((double) total * HEIGHT / max);
			int limitedHeight = (int) Math.round((double) limited * HEIGHT / max);
			bars.add(new Bar(round(i * step + 1), round(Math.max(1, step - 2)), HEIGHT - height, height,
					HEIGHT - limitedHeight, limitedHeight,
					labels.format(point.start()) + ": " + total + " requests, " + limited + " rate-limited (429)"));
		}
		String first = points.isEmpty() ? "" : labels.format(points.get(0).start());
		String last = points.isEmpty() ? "" : labels.format(points.get(points.size() - 1).start());
		return new UsageChart(bars, max, series.totals().total(), series.totals().rateLimited(), first, last);
	}

	private static String round(double value) {
		return String.format(Locale.ROOT, "%.1f", value);
	}

	/**
	 * One step's bar.
	 *
	 * @param x its left edge
	 * @param width its width
	 * @param y the top of the requests bar
	 * @param height the height of the requests bar
	 * @param limitedY the top of the 429s bar
	 * @param limitedHeight the height of the 429s bar
	 * @param title what the bar shows, in words
	 */
	record Bar(String x, String width, int y, int height, int limitedY, int limitedHeight, String title) {

	}

}
