package io.codexlb.database;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

import io.codexlb.CodexLbApplication;
import io.codexlb.support.Postgres;
import io.codexlb.support.Secrets;
import io.codexlb.support.ServiceArguments;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * The database check before the migrations, on a real PostgreSQL server: a data folder
 * that served a database is refused an empty one, a replica with a fresh folder joins a
 * migrated database, and tables without their migration history are refused.
 */
@ExtendWith(OutputCaptureExtension.class)
class PostgresDatabaseContinuityTest {

	@TempDir(cleanup = CleanupMode.ON_SUCCESS)
	Path workDir;

	@Test
	void dataFolderThatServedADatabaseShouldBeRefusedAnEmptyOneAndAFreshFolderShouldJoinAMigratedOne(
			CapturedOutput output) throws Exception {
		String served = Postgres.freshDatabase();
		Path first = this.workDir.resolve("first");
		start(served, first).close();
		String encryptionKey = Files.readString(first.resolve("encryption-key")).strip();
		Secrets.register(encryptionKey);

		String empty = Postgres.freshDatabase();
		assertThatException().isThrownBy(() -> start(empty, first).close());
		assertReport(output,
				"The database " + empty + " has no tables, but the data folder " + first
						+ " holds admin-key and encryption-key",
				"Point spring.datasource.url (SPRING_DATASOURCE_URL) at the database this data folder served");
		try (Connection connection = DriverManager.getConnection(empty)) {
			assertThat(connection.getMetaData().getTables(null, "public", "%", new String[] { "TABLE" }).next())
				.as("nothing created in the refused database")
				.isFalse();
		}

		Path replica = this.workDir.resolve("replica");
		start(served, replica, "--codex-lb.encryption-key=" + encryptionKey).close();
		assertThat(replica.resolve("admin-key")).doesNotExist();
	}

	@Test
	void tablesWithoutMigrationHistoryShouldBeRefused(CapturedOutput output) throws Exception {
		String database = Postgres.freshDatabase();
		Path dataDir = this.workDir.resolve("data");
		start(database, dataDir, "--codex-lb.admin-key=sk-clb-" + "h".repeat(43)).close();
		try (Connection connection = DriverManager.getConnection(database)) {
			connection.createStatement().execute("DROP TABLE flyway_schema_history");
		}
		assertThatException().isThrownBy(() -> start(database, dataDir).close());
		assertReport(output,
				"The database " + database + " has tables (account_model_lists, accounts, api_key_accounts, "
						+ "api_key_allowed_models and " + (tableCount(database) - 4)
						+ " more) but no migration history (table " + "flyway_schema_history)",
				"drop these tables or point spring.datasource.url (SPRING_DATASOURCE_URL) at an empty database");
	}

	// every migration may add tables: the report names the first four and counts the rest
	private static int tableCount(String database) throws SQLException {
		try (Connection connection = DriverManager.getConnection(database);
				ResultSet rows = connection.createStatement()
					.executeQuery("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public'")) {
			rows.next();
			return rows.getInt(1);
		}
	}

	private static ConfigurableApplicationContext start(String database, Path dataDir, String... extra) {
		List<String> args = ServiceArguments.onLoopback().dataDir(dataDir).postgres(database).noUpstream().toList();
		args.addAll(List.of(extra));
		return new SpringApplicationBuilder(CodexLbApplication.class).run(args.toArray(String[]::new));
	}

	private static void assertReport(CapturedOutput output, String description, String action) {
		String all = output.getAll();
		String report = all.substring(all.lastIndexOf("APPLICATION FAILED TO START"));
		assertThat(report.substring(report.indexOf("Description:"), report.indexOf("Action:"))).contains(description);
		assertThat(report.substring(report.indexOf("Action:"))).contains(action);
	}

}
