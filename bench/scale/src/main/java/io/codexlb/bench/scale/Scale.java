package io.codexlb.bench.scale;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The scale benchmark's driver: one subcommand per step of bench/scale.sh.
 *
 * <pre>
 * seed-keys      bulk-inserts API keys with JDBC (the service stopped)
 * set-allowed    gives the keys in use their allowed-model sets (the service stopped)
 * load           the models endpoint at a fixed concurrency over hot keys and a trickle of cold ones
 * admin-latency  the latency of one admin GET, sequential requests
 * cold-probe     sequential models requests, each with a key not used before
 * upstream       the ChatGPT backend stand-in (models after a delay, some 500s), until killed
 * add-accounts   adds accounts through the admin API, with Codex CLI auth.json bodies
 * refresh        times catalog rounds (POST /api/catalog/refresh)
 * report         the table (stdout and table.md) and one PNG chart per dimension, from the TSV
 * </pre>
 *
 * Options are {@code --name=value}. The figures go to a TSV of rows {@code database, dimension, size, metric,
 * value}.
 */
public final class Scale {

	private Scale() {
	}

	public static void main(String[] args) throws Exception {
		if (args.length == 0) {
			System.err.println("usage: scale <seed-keys|set-allowed|load|admin-latency|cold-probe|upstream|add-accounts|refresh|report> --option=value...");
			System.exit(2);
		}
		Options options = Options.parse(Arrays.copyOfRange(args, 1, args.length));
		switch (args[0]) {
			case "seed-keys" -> Seed.keys(options);
			case "set-allowed" -> Seed.allowedSets(options);
			case "load" -> Load.run(options);
			case "admin-latency" -> Load.adminLatency(options);
			case "cold-probe" -> Load.coldProbe(options);
			case "upstream" -> Upstream.serve(options);
			case "add-accounts" -> Accounts.add(options);
			case "refresh" -> Accounts.refresh(options);
			case "report" -> Report.run(options);
			default -> {
				System.err.println("scale: unknown subcommand " + args[0]);
				System.exit(2);
			}
		}
	}

	/**
	 * The {@code --name=value} options of a subcommand.
	 */
	record Options(Map<String, String> values) {

		static Options parse(String[] args) {
			Map<String, String> values = new LinkedHashMap<>();
			for (String arg : args) {
				if (!arg.startsWith("--") || !arg.contains("=")) {
					throw new IllegalArgumentException("not --name=value: " + arg);
				}
				int equals = arg.indexOf('=');
				values.put(arg.substring(2, equals), arg.substring(equals + 1));
			}
			return new Options(values);
		}

		String get(String name) {
			String value = this.values.get(name);
			if (value == null) {
				throw new IllegalArgumentException("missing --" + name);
			}
			return value;
		}

		String get(String name, String fallback) {
			return this.values.getOrDefault(name, fallback);
		}

		int integer(String name) {
			return Integer.parseInt(get(name));
		}

		int integer(String name, int fallback) {
			return this.values.containsKey(name) ? integer(name) : fallback;
		}

		double decimal(String name, double fallback) {
			return this.values.containsKey(name) ? Double.parseDouble(get(name)) : fallback;
		}

	}

	/**
	 * Appends figures to the TSV of one run: database, dimension, size, metric, value.
	 */
	record Tsv(Path file, String database, String dimension, long size) {

		static Tsv of(Options options) {
			return new Tsv(Path.of(options.get("tsv")), options.get("database"), options.get("dimension"),
					Long.parseLong(options.get("size")));
		}

		void put(String metric, double value) {
			write(metric, Double.isNaN(value) ? "NA" : String.format(Locale.ROOT, "%.3f", value));
		}

		void write(String metric, String value) {
			String row = String.join("\t", this.database, this.dimension, Long.toString(this.size), metric, value)
					+ "\n";
			try {
				Files.writeString(this.file, row, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
						StandardOpenOption.APPEND);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

	}

}
