package io.codexlb.database;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import io.codexlb.datadir.DataDirectory;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.Configuration;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Looks at the database before Flyway migrates it, and stops the start on one that cannot
 * be the database this data folder served: an empty database while the folder holds the
 * secret files written next to a set-up one, or tables without their migration history.
 */
@Component
class DatabaseContinuityCheck implements FlywayMigrationStrategy {

	private static final String URL_SETTING = "spring.datasource.url (SPRING_DATASOURCE_URL)";

	private final DataDirectory dataDirectory;

	private final Environment environment;

	DatabaseContinuityCheck(DataDirectory dataDirectory, Environment environment) {
		this.dataDirectory = dataDirectory;
		this.environment = environment;
	}

	@Override
	public void migrate(Flyway flyway) {
		H2DatabaseFile h2 = H2DatabaseFile.of(this.environment);
		List<String> secretFiles = this.dataDirectory.secretFiles();
		if (h2 != null) {
			checkEmbeddedFile(h2, secretFiles);
		}
		checkSchema(flyway.getConfiguration(), h2, secretFiles);
		flyway.migrate();
	}

	// before H2 opens the file: it would create an empty database in place of a lost
	// one, and meet an unwritable folder with stack traces of its own
	private void checkEmbeddedFile(H2DatabaseFile h2, List<String> secretFiles) {
		this.dataDirectory.requireWritable(h2.folder(),
				h2.folder().equals(this.dataDirectory.root()) ? DataDirectory.SETTING : URL_SETTING);
		long size = size(h2.file());
		if (!secretFiles.isEmpty() && size <= 0) {
			String state = (size < 0) ? "is missing" : "is empty (0 bytes)";
			throw new DatabaseContinuityException(
					"The database file " + h2.file() + " " + state + ", but " + held(secretFiles)
							+ " It does not start on a new, empty database in its place.",
					"Restore " + h2.file() + " from a backup. " + startAfresh(secretFiles));
		}
	}

	private void checkSchema(Configuration configuration, @Nullable H2DatabaseFile h2, List<String> secretFiles) {
		List<String> tables = tables(configuration);
		String history = configuration.getTable();
		if (tables.isEmpty() && !secretFiles.isEmpty()) {
			throw new DatabaseContinuityException(
					"The " + database() + " has no tables, but " + held(secretFiles)
							+ " It does not start on an empty database in its place.",
					((h2 != null) ? "Restore " + h2.file() + " from a backup. " : "Point " + URL_SETTING
							+ " at the database this data folder served, " + "or restore that database from a backup. ")
							+ startAfresh(secretFiles));
		}
		if (!tables.isEmpty() && tables.stream().noneMatch(history::equalsIgnoreCase)
				&& !configuration.isBaselineOnMigrate()) {
			String afresh = (h2 != null) ? "move the data folder " + this.dataDirectory.root() + " away"
					: "drop these tables or point " + URL_SETTING + " at an empty database, move the data folder "
							+ this.dataDirectory.root() + " away if it holds admin-key or encryption-key";
			throw new DatabaseContinuityException(
					"The " + database() + " has tables (" + list(tables) + ") but no migration history (table "
							+ history
							+ "): the service cannot tell which migrations it holds, and does not migrate it.",
					"Restore the database from a backup, " + history + " included. To start afresh on purpose, "
							+ "with no API keys and no accounts, " + afresh + ", and start again.");
		}
	}

	private String held(List<String> secretFiles) {
		return "the data folder " + this.dataDirectory.root() + " holds " + String.join(" and ", secretFiles)
				+ ", which the service writes only next to a database it has set up.";
	}

	private String startAfresh(List<String> secretFiles) {
		return "To start afresh on purpose, with no API keys and no accounts, move the data folder "
				+ this.dataDirectory.root() + " away (it keeps the old keys, should the database turn up) or delete "
				+ String.join(" and ", secretFiles) + " from it, and start again.";
	}

	private String database() {
		return EmbeddedDatabaseFailures.database(this.environment);
	}

	private static long size(Path file) {
		try {
			return Files.size(file);
		}
		catch (NoSuchFileException ex) {
			return -1;
		}
		catch (IOException ex) {
			// H2 reports what it cannot read
			return 1;
		}
	}

	private static List<String> tables(Configuration configuration) {
		try (Connection connection = configuration.getDataSource().getConnection()) {
			String schema = schema(configuration);
			List<String> tables = new ArrayList<>();
			try (ResultSet rows = connection.getMetaData()
				.getTables(connection.getCatalog(), (schema != null) ? schema : connection.getSchema(), "%",
						new String[] { "TABLE" })) {
				while (rows.next()) {
					tables.add(rows.getString("TABLE_NAME"));
				}
			}
			return tables;
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Cannot read the tables of the database", ex);
		}
	}

	private static @Nullable String schema(Configuration configuration) {
		if (configuration.getDefaultSchema() != null) {
			return configuration.getDefaultSchema();
		}
		return (configuration.getSchemas().length > 0) ? configuration.getSchemas()[0] : null;
	}

	private static String list(List<String> tables) {
		List<String> sorted = tables.stream().sorted().toList();
		return (sorted.size() <= 4) ? String.join(", ", sorted)
				: String.join(", ", sorted.subList(0, 4)) + " and " + (sorted.size() - 4) + " more";
	}

}
