package io.codexlb.bench.scale;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.axis.LogarithmicAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The table of all figures, with the ratios against the smallest size and the goals,
 * and one PNG chart per dimension, from the TSV.
 */
final class Report {

	private static final Map<String, String> DIMENSIONS = new LinkedHashMap<>();

	private static final List<Figure> FIGURES = new ArrayList<>();

	static {
		DIMENSIONS.put("keys", "stored keys");
		DIMENSIONS.put("sets", "distinct allowed-model sets in use");
		DIMENSIONS.put("accounts", "upstream accounts");
		FIGURES.add(new Figure("keys", "hot_rps", "req/s, hot keys (c32)", "%.0f", Goal.NONE, 0));
		FIGURES.add(new Figure("keys", "hot_cpu_us_per_req", "CPU µs/request, hot keys", "%.1f", Goal.RATIO_AT_MOST,
				1.10));
		FIGURES.add(new Figure("keys", "hot_p99_ms", "p99 ms, hot keys", "%.2f", Goal.NONE, 0));
		FIGURES.add(new Figure("keys", "mixed_rps", "req/s, hot + 1/200 cold", "%.0f", Goal.NONE, 0));
		FIGURES.add(new Figure("keys", "mixed_p99_ms", "p99 ms, all requests (hot + cold)", "%.2f", Goal.NONE, 0));
		FIGURES.add(new Figure("keys", "mixed_cold_p99_ms", "p99 ms, cold-key requests (in the c32 load)", "%.2f",
				Goal.ALL_AT_MOST, 10));
		FIGURES.add(new Figure("keys", "mixed_cold_requests", "cold-key requests measured", "%.0f", Goal.NONE, 0));
		FIGURES.add(new Figure("keys", "probe_cold_p99_ms", "p99 ms, cold keys one at a time, no other load", "%.2f",
				Goal.ALL_AT_MOST, 10));
		FIGURES.add(new Figure("keys", "probe_cold_p50_ms", "p50 ms, cold keys one at a time, no other load", "%.2f",
				Goal.NONE, 0));
		FIGURES.add(new Figure("keys", "mixed_rss_mb", "RSS MB after the load", "%.0f", Goal.NONE, 0));
		FIGURES.add(new Figure("keys", "ready_ms", "ms to readiness, restart with the keys", "%.0f", Goal.NONE, 0));
		FIGURES.add(new Figure("keys", "admin_list_p99_ms", "p99 ms, admin list page (limit 100, after)", "%.2f",
				Goal.LAST_AT_MOST, 50));
		FIGURES.add(new Figure("keys", "admin_search_p99_ms", "p99 ms, admin search (q=part of a name)", "%.2f",
				Goal.NONE, 0));
		FIGURES.add(new Figure("keys", "errors", "failed requests (all phases)", "%.0f", Goal.NONE, 0));
		FIGURES.add(new Figure("keys", "loadavg", "machine load average (1 min) before the load", "%.2f", Goal.NONE,
				0));
		FIGURES.add(new Figure("sets", "rps", "req/s (c32)", "%.0f", Goal.NONE, 0));
		FIGURES.add(new Figure("sets", "cpu_us_per_req", "CPU µs/request", "%.1f", Goal.NONE, 0));
		FIGURES.add(new Figure("sets", "p99_ms", "p99 ms", "%.2f", Goal.NONE, 0));
		FIGURES.add(new Figure("sets", "rss_mb", "RSS MB after the load", "%.0f", Goal.LAST_AT_MOST, 450));
		FIGURES.add(new Figure("sets", "render_cache_hit_rate", "render-cache hit rate", "%.4f", Goal.NONE, 0));
		FIGURES.add(new Figure("sets", "key_cache_hit_rate", "key-cache hit rate (api-keys)", "%.4f", Goal.NONE, 0));
		FIGURES.add(new Figure("sets", "keys_stored", "keys stored", "%.0f", Goal.NONE, 0));
		FIGURES.add(new Figure("sets", "keys_in_use", "keys in use", "%.0f", Goal.NONE, 0));
		FIGURES.add(new Figure("sets", "errors", "failed requests", "%.0f", Goal.NONE, 0));
		FIGURES.add(new Figure("sets", "loadavg", "machine load average (1 min) before the load", "%.2f", Goal.NONE,
				0));
		FIGURES.add(new Figure("accounts", "round_s", "s per catalog round, longest measured", "%.1f",
				Goal.LAST_AT_MOST, 150));
		FIGURES.add(new Figure("accounts", "round_mean_s", "s per catalog round, mean", "%.1f", Goal.NONE, 0));
		FIGURES.add(new Figure("accounts", "lock_s", "s lockAtMostFor of the last round", "%.0f", Goal.NONE,
				0));
		FIGURES.add(new Figure("accounts", "round_over_lock", "longest round ÷ lockAtMostFor", "%.3f",
				Goal.ALL_BELOW, 1));
		FIGURES.add(new Figure("accounts", "fetch_deadline_s", "s fetch deadline of a round",
				"%.0f", Goal.NONE, 0));
		FIGURES.add(new Figure("accounts", "rss_mb", "RSS MB after the rounds", "%.0f", Goal.NONE, 0));
		FIGURES.add(new Figure("accounts", "accounts_with_list", "accounts with a list after the last round", "%.0f",
				Goal.NONE, 0));
		FIGURES.add(new Figure("accounts", "accounts_last_fetch_failed",
				"accounts whose last fetch failed (a 500 is not retried)", "%.0f", Goal.NONE, 0));
		FIGURES.add(new Figure("accounts", "upstream_model_calls", "upstream models calls (all rounds)", "%.0f",
				Goal.NONE, 0));
		FIGURES.add(new Figure("accounts", "upstream_model_500s", "upstream 500s served", "%.0f", Goal.NONE, 0));
		FIGURES.add(new Figure("accounts", "upstream_token_calls", "upstream token calls", "%.0f", Goal.NONE, 0));
		FIGURES.add(new Figure("accounts", "loadavg", "machine load average (1 min) before the rounds", "%.2f",
				Goal.NONE, 0));
	}

	private Report() {
	}

	static void run(Scale.Options options) throws IOException {
		Path tsv = Path.of(options.get("tsv"));
		Path out = Path.of(options.get("out"));
		// database -> dimension -> size -> metric -> value
		Map<String, Map<String, Map<Long, Map<String, String>>>> data = new LinkedHashMap<>();
		for (String line : Files.readAllLines(tsv, StandardCharsets.UTF_8)) {
			String[] f = line.split("\t", -1);
			if (f.length != 5) {
				continue;
			}
			data.computeIfAbsent(f[0], (k) -> new LinkedHashMap<>())
				.computeIfAbsent(f[1], (k) -> new LinkedHashMap<>())
				.computeIfAbsent(Long.parseLong(f[2]), (k) -> new LinkedHashMap<>())
				.put(f[3], f[4]);
		}
		derive(data);
		StringBuilder table = new StringBuilder();
		int columns = 0;
		Map<String, List<Long>> sizes = new LinkedHashMap<>();
		for (String dimension : DIMENSIONS.keySet()) {
			Set<Long> all = new TreeSet<>();
			data.values().forEach((byDimension) -> all.addAll(byDimension.getOrDefault(dimension, Map.of()).keySet()));
			sizes.put(dimension, new ArrayList<>(all));
			columns = Math.max(columns, all.size());
		}
		table.append("| figure | database |");
		for (int i = 1; i <= columns; i++) {
			table.append(" size ").append(i).append(" |");
		}
		table.append(" largest ÷ smallest | goal | verdict |\n|---|---|");
		table.append("---:|".repeat(columns)).append("---:|---|---|\n");
		for (Map.Entry<String, String> dimension : DIMENSIONS.entrySet()) {
			List<Long> dimensionSizes = sizes.get(dimension.getKey());
			if (dimensionSizes.isEmpty()) {
				continue;
			}
			table.append("| **").append(dimension.getKey()).append("**: ").append(dimension.getValue()).append(" | |");
			for (int i = 0; i < columns; i++) {
				table.append(' ').append((i < dimensionSizes.size()) ? "**" + human(dimensionSizes.get(i)) + "**" : "")
					.append(" |");
			}
			table.append(" | | |\n");
			for (Figure figure : FIGURES) {
				if (!figure.dimension.equals(dimension.getKey())) {
					continue;
				}
				for (String database : data.keySet()) {
					Map<Long, Map<String, String>> bySize = data.get(database).getOrDefault(figure.dimension, Map.of());
					if (bySize.values().stream().noneMatch((m) -> m.containsKey(figure.metric))) {
						continue;
					}
					table.append("| ").append(figure.label).append(" | ").append(database).append(" |");
					List<Double> values = new ArrayList<>();
					for (int i = 0; i < columns; i++) {
						if (i >= dimensionSizes.size()) {
							table.append(" |");
							continue;
						}
						String raw = bySize.getOrDefault(dimensionSizes.get(i), Map.of()).get(figure.metric);
						double value = number(raw);
						values.add(value);
						table.append(' ').append(Double.isNaN(value) ? ((raw == null) ? "—" : "n/a") : fmt(figure.format, value))
							.append(" |");
					}
					double first = values.isEmpty() ? Double.NaN : values.get(0);
					double last = values.isEmpty() ? Double.NaN : values.get(values.size() - 1);
					double ratio = (first != 0) ? last / first : Double.NaN;
					table.append(' ').append(Double.isNaN(ratio) ? "" : fmt("%.2f", ratio)).append(" |");
					String largest = human(dimensionSizes.get(dimensionSizes.size() - 1));
					String smallest = human(dimensionSizes.get(0));
					String goal = "";
					String verdict = "";
					switch (figure.goal) {
						case RATIO_AT_MOST -> {
							goal = "≤ " + fmt("%.2f", figure.limit) + " (" + largest + " ÷ " + smallest + ")";
							verdict = Double.isNaN(ratio) ? "n/a" : (ratio <= figure.limit) ? "PASS" : "MISS";
						}
						case LAST_AT_MOST -> {
							goal = "≤ " + fmt("%.0f", figure.limit) + " at " + largest;
							verdict = Double.isNaN(last) ? "n/a" : (last <= figure.limit) ? "PASS" : "MISS";
						}
						case ALL_AT_MOST, ALL_BELOW -> {
							boolean below = figure.goal == Goal.ALL_BELOW;
							goal = (below ? "< " : "≤ ") + fmt("%.0f", figure.limit) + " at every size";
							List<Double> measured = values.stream().filter((v) -> !Double.isNaN(v)).toList();
							boolean ok = measured.stream().allMatch((v) -> below ? v < figure.limit : v <= figure.limit);
							verdict = measured.isEmpty() ? "n/a" : ok ? "PASS" : "MISS";
						}
						case NONE -> {
						}
					}
					table.append(' ').append(goal).append(" | ").append(verdict).append(" |\n");
				}
			}
		}
		String notes = notes(data);
		Files.createDirectories(out);
		Files.writeString(out.resolve("table.md"), table + notes, StandardCharsets.UTF_8);
		System.out.print(table);
		System.out.print(notes);
		for (String dimension : DIMENSIONS.keySet()) {
			if (!sizes.get(dimension).isEmpty()) {
				Path png = out.resolve(dimension + ".png");
				chart(data, dimension, png);
				System.out.println("chart: " + png);
			}
		}
	}

	// the figures computed from others
	private static void derive(Map<String, Map<String, Map<Long, Map<String, String>>>> data) {
		for (Map<String, Map<Long, Map<String, String>>> byDimension : data.values()) {
			for (Map<String, String> metrics : byDimension.getOrDefault("accounts", Map.of()).values()) {
				double round = number(metrics.get("round_s"));
				double lock = number(metrics.get("lock_s"));
				if (!Double.isNaN(round) && !Double.isNaN(lock)) {
					metrics.put("round_over_lock", Double.toString(round / lock));
				}
			}
			for (Map<String, String> metrics : byDimension.getOrDefault("keys", Map.of()).values()) {
				double errors = number(metrics.get("hot_errors")) + number(metrics.get("mixed_errors"));
				if (!Double.isNaN(errors)) {
					metrics.put("errors", Double.toString(errors));
				}
			}
		}
	}

	private static String notes(Map<String, Map<String, Map<Long, Map<String, String>>>> data) {
		StringBuilder notes = new StringBuilder("\n");
		Set<String> caches = new LinkedHashSet<>();
		boolean renderMetric = false;
		for (Map<String, Map<Long, Map<String, String>>> byDimension : data.values()) {
			for (Map<String, String> metrics : byDimension.getOrDefault("sets", Map.of()).values()) {
				String names = metrics.get("caches_with_metrics");
				if (names != null && !names.isBlank()) {
					caches.addAll(List.of(names.split(",")));
				}
				renderMetric |= !Double.isNaN(number(metrics.get("render_cache_hit_rate")));
			}
		}
		if (!renderMetric && !data.isEmpty()) {
			notes.append("render-cache hit rate: n/a, the service exports no metric of the render cache ")
				.append("(ModelsRenderer's Caffeine cache has no recordStats and is not bound to the registry); ")
				.append("the caches /actuator/prometheus reports on: ")
				.append(caches.isEmpty() ? "none" : String.join(", ", caches))
				.append(". The catalog round's duration has no metric either (codex_lb_catalog_rounds counts rounds): ")
				.append("it is timed as the POST /api/catalog/refresh.\n");
		}
		return notes.toString();
	}

	private static void chart(Map<String, Map<String, Map<Long, Map<String, String>>>> data, String dimension,
			Path png) throws IOException {
		LogarithmicAxis domain = new LogarithmicAxis(DIMENSIONS.get(dimension) + " (log scale)");
		domain.setExpTickLabelsFlag(false);
		domain.setLog10TickLabelsFlag(false);
		domain.setNumberFormatOverride(new DecimalFormat("#,##0"));
		domain.setStrictValuesFlag(false);
		CombinedDomainXYPlot plot = new CombinedDomainXYPlot(domain);
		plot.setGap(10);
		Color[] palette = { new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0x9467bd) };
		Map<String, Color> colors = new LinkedHashMap<>();
		for (String database : data.keySet()) {
			colors.put(database, palette[colors.size() % palette.length]);
		}
		BasicStroke solid = new BasicStroke(2f);
		BasicStroke dashed = new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
				new float[] { 6f, 4f }, 0f);
		LegendItemCollection legend = new LegendItemCollection();
		colors.forEach((database, color) -> legend.add(legendItem(database, color, solid)));
		if (dimension.equals("accounts")) {
			legend.add(legendItem("lockAtMostFor", Color.DARK_GRAY, dashed));
		}
		plot.setFixedLegendItems(legend);
		int subplots = 0;
		for (Figure figure : FIGURES) {
			if (!figure.dimension.equals(dimension) || figure.metric.equals("errors")
					|| figure.metric.startsWith("keys_") || figure.metric.equals("lock_s")
					|| figure.metric.equals("loadavg") || figure.metric.startsWith("upstream_")
					|| figure.metric.equals("round_mean_s") || figure.metric.equals("mixed_cold_requests")
					|| figure.metric.equals("accounts_last_fetch_failed")) {
				continue;
			}
			XYSeriesCollection dataset = new XYSeriesCollection();
			for (String database : data.keySet()) {
				addSeries(dataset, database, data.get(database).getOrDefault(dimension, Map.of()), figure.metric);
				if (figure.metric.equals("round_s")) {
					addSeries(dataset, database + " lockAtMostFor", data.get(database).getOrDefault(dimension, Map.of()),
							"lock_s");
				}
			}
			if (dataset.getSeriesCount() == 0) {
				continue;
			}
			NumberAxis range = new NumberAxis(figure.label);
			range.setAutoRangeIncludesZero(true);
			range.setLabelFont(range.getLabelFont().deriveFont(9f));
			XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
			for (int i = 0; i < dataset.getSeriesCount(); i++) {
				String key = dataset.getSeriesKey(i).toString();
				boolean lock = key.endsWith(" lockAtMostFor");
				renderer.setSeriesPaint(i, colors.get(lock ? key.substring(0, key.indexOf(' ')) : key));
				renderer.setSeriesStroke(i, lock ? dashed : solid);
				renderer.setSeriesShape(i, new Ellipse2D.Double(-3.5, -3.5, 7, 7));
			}
			XYPlot subplot = new XYPlot(dataset, null, range, renderer);
			subplot.setBackgroundPaint(Color.WHITE);
			subplot.setRangeGridlinePaint(Color.LIGHT_GRAY);
			subplot.setDomainGridlinePaint(Color.LIGHT_GRAY);
			plot.add(subplot, 1);
			subplots++;
		}
		JFreeChart chart = new JFreeChart("codex-lb scale: " + DIMENSIONS.get(dimension), JFreeChart.DEFAULT_TITLE_FONT,
				plot, true);
		chart.setBackgroundPaint(Color.WHITE);
		ChartUtils.saveChartAsPNG(png.toFile(), chart, 900, 120 + 180 * Math.max(1, subplots));
	}

	private static LegendItem legendItem(String label, Color color, BasicStroke stroke) {
		LegendItem item = new LegendItem(label, color);
		item.setLine(new Line2D.Double(-10, 0, 10, 0));
		item.setLineStroke(stroke);
		item.setLineVisible(true);
		item.setShapeVisible(false);
		item.setLinePaint(color);
		return item;
	}

	private static void addSeries(XYSeriesCollection dataset, String name, Map<Long, Map<String, String>> bySize,
			String metric) {
		XYSeries series = new XYSeries(name);
		bySize.forEach((size, metrics) -> {
			double value = number(metrics.get(metric));
			if (!Double.isNaN(value)) {
				series.add(size.doubleValue(), value);
			}
		});
		if (series.getItemCount() > 0) {
			dataset.addSeries(series);
		}
	}

	private static double number(String value) {
		if (value == null || value.equals("NA")) {
			return Double.NaN;
		}
		try {
			return Double.parseDouble(value);
		}
		catch (NumberFormatException ex) {
			return Double.NaN;
		}
	}

	private static String fmt(String format, double value) {
		return String.format(Locale.ROOT, format, value);
	}

	static String human(long size) {
		if (size >= 1000 && size % 1000 == 0) {
			return (size / 1000) + "k";
		}
		return Long.toString(size);
	}

	private enum Goal {

		NONE, RATIO_AT_MOST, LAST_AT_MOST, ALL_AT_MOST, ALL_BELOW

	}

	private record Figure(String dimension, String metric, String label, String format, Goal goal, double limit) {

	}

}
