package io.codexlb.bench.scale;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes keys and allowed-model sets straight into the service's tables, as the service
 * stores them (ApiKeyFormat: the SHA-256 hex of the whole key, the first 12 characters
 * as the prefix), in JDBC batches of 1000, one transaction per batch.
 */
final class Seed {

	static final int BATCH = 1000;

	// created_at of key i: this instant plus i seconds, so that the pages' order is known
	static final OffsetDateTime BASE = OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);

	private Seed() {
	}

	/**
	 * Stores keys until {@code --count} bench keys exist; each new one is appended to
	 * {@code --keys-file} as {@code index, id, key, name}.
	 */
	static void keys(Scale.Options options) throws Exception {
		Path keysFile = Path.of(options.get("keys-file"));
		int count = options.integer("count");
		List<String[]> existing = readKeys(keysFile);
		int from = existing.size();
		if (from >= count) {
			System.out.printf("seed-keys: %d keys stored already%n", from);
			return;
		}
		SecureRandom random = new SecureRandom();
		MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
		long started = System.nanoTime();
		try (Connection connection = connect(options)) {
			connection.setAutoCommit(false);
			String sql = "INSERT INTO api_keys (id, name, key_hash, key_prefix, is_admin, is_active, expires_at, "
					+ "requests_per_minute, requests_per_day, created_at, updated_at, last_used_at, accounts_bound) "
					+ "VALUES (?, ?, ?, ?, FALSE, TRUE, NULL, NULL, NULL, ?, ?, NULL, FALSE)";
			try (PreparedStatement insert = connection.prepareStatement(sql)) {
				for (int start = from; start < count; start += BATCH) {
					int end = Math.min(count, start + BATCH);
					StringBuilder lines = new StringBuilder();
					for (int i = start; i < end; i++) {
						byte[] bytes = new byte[32];
						random.nextBytes(bytes);
						String key = "sk-clb-" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
						String hash = HexFormat.of()
							.formatHex(sha256.digest(key.getBytes(StandardCharsets.US_ASCII)));
						String id = UUID.randomUUID().toString();
						String name = String.format("bench-key-%07d", i);
						OffsetDateTime created = BASE.plusSeconds(i);
						insert.setString(1, id);
						insert.setString(2, name);
						insert.setString(3, hash);
						insert.setString(4, key.substring(0, 12));
						insert.setObject(5, created);
						insert.setObject(6, created);
						insert.addBatch();
						lines.append(i).append('\t').append(id).append('\t').append(key).append('\t').append(name)
							.append('\n');
					}
					insert.executeBatch();
					connection.commit();
					Files.writeString(keysFile, lines, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
							StandardOpenOption.APPEND);
				}
			}
		}
		System.out.printf("seed-keys: stored keys %d to %d in %.1f s%n", from, count - 1,
				(System.nanoTime() - started) / 1e9);
	}

	/**
	 * Replaces every allowed-model row: the first {@code --in-use} keys get one of
	 * {@code --sets} distinct sets (key i the set i mod sets), each a non-empty subset of
	 * the catalog's ids and a made-up id of its own; the other keys may use every model.
	 */
	static void allowedSets(Scale.Options options) throws Exception {
		List<String[]> keys = readKeys(Path.of(options.get("keys-file")));
		int inUse = options.integer("in-use");
		int sets = options.integer("sets");
		List<String> catalog = catalogIds(Path.of(options.get("catalog")));
		if (keys.size() < inUse) {
			throw new IllegalStateException("only " + keys.size() + " keys stored, " + inUse + " needed");
		}
		long started = System.nanoTime();
		int rows = 0;
		try (Connection connection = connect(options)) {
			connection.setAutoCommit(false);
			try (Statement statement = connection.createStatement()) {
				statement.executeUpdate("DELETE FROM api_key_allowed_models");
			}
			connection.commit();
			int subsets = (1 << catalog.size()) - 1;
			try (PreparedStatement insert = connection
				.prepareStatement("INSERT INTO api_key_allowed_models (api_key_id, model_id) VALUES (?, ?)")) {
				int pending = 0;
				for (int i = 0; i < inUse; i++) {
					int set = i % sets;
					int mask = (set % subsets) + 1;
					List<String> models = new ArrayList<>();
					for (int bit = 0; bit < catalog.size(); bit++) {
						if ((mask & (1 << bit)) != 0) {
							models.add(catalog.get(bit));
						}
					}
					models.add("bench-model-" + set);
					for (String model : models) {
						insert.setString(1, keys.get(i)[1]);
						insert.setString(2, model);
						insert.addBatch();
						rows++;
						if (++pending == BATCH) {
							insert.executeBatch();
							connection.commit();
							pending = 0;
						}
					}
				}
				insert.executeBatch();
				connection.commit();
			}
		}
		System.out.printf("set-allowed: %d keys, %d distinct sets of %d catalog ids and a made-up one, %d rows, %.1f s%n",
				inUse, sets, catalog.size(), rows, (System.nanoTime() - started) / 1e9);
	}

	static List<String[]> readKeys(Path file) throws IOException {
		List<String[]> keys = new ArrayList<>();
		if (Files.exists(file)) {
			for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
				if (!line.isBlank()) {
					keys.add(line.split("\t"));
				}
			}
		}
		return keys;
	}

	// the top-level slugs of an upstream-shaped catalog: the entries' "slug" fields
	static List<String> catalogIds(Path catalog) throws IOException {
		Matcher matcher = Pattern.compile("\"slug\"\\s*:\\s*\"([^\"]+)\"")
			.matcher(Files.readString(catalog, StandardCharsets.UTF_8));
		Set<String> ids = new LinkedHashSet<>();
		while (matcher.find()) {
			ids.add(matcher.group(1));
		}
		if (ids.isEmpty() || ids.size() > 20) {
			throw new IllegalStateException(catalog + ": expected 1 to 20 model slugs, found " + ids.size());
		}
		return new ArrayList<>(ids);
	}

	private static Connection connect(Scale.Options options) throws SQLException {
		return DriverManager.getConnection(options.get("jdbc-url"), options.get("user"), options.get("password", ""));
	}

}
