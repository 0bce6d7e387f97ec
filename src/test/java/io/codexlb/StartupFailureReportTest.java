package io.codexlb;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.codexlb.support.Secrets;
import io.codexlb.support.ServiceArguments;
import io.codexlb.support.ServiceProcess;
import io.codexlb.support.TestJwts;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Start-up failures an operator can cause, each met by the service running as its own
 * process on a copy of a data folder that served a database: the console ends with Spring
 * Boot's short report, naming the file or setting and what to do, without a stack trace;
 * and the service never starts on an empty database in place of the one the folder
 * served.
 */
class StartupFailureReportTest {

	private static final int MAX_CONSOLE_LINES = 60;

	@TempDir(cleanup = CleanupMode.ON_SUCCESS)
	static Path workDir;

	// a data folder with a migrated database, the generated keys and an account
	private static Path served;

	private static String firstStartConsole;

	@BeforeAll
	static void serveOnceFromAFreshDataFolder() throws Exception {
		served = workDir.resolve("served");
		Path console = workDir.resolve("first-start.log");
		ServiceProcess service = ServiceProcess.startReady(served, console);
		try {
			String adminKey = Files.readString(served.resolve("admin-key")).strip();
			Secrets.register(adminKey);
			Secrets.register(Files.readString(served.resolve("encryption-key")).strip());
			String accessToken = TestJwts.accessToken("startup", Instant.now().plusSeconds(3600));
			String authJson = TestJwts.authJson("acct-startup", accessToken, "refresh-startup",
					TestJwts.idToken("user-startup", "startup@example.com", "plus"));
			assertThat(service.http().json("POST", "/api/accounts", adminKey, authJson).statusCode()).isEqualTo(201);
		}
		finally {
			service.stop();
		}
		firstStartConsole = read(console);
		Secrets.check(firstStartConsole, "the first start's console");
	}

	@Test
	void startOnAFreshDataFolderShouldCreateTheDatabaseAndTheKeys() {
		assertThat(firstStartConsole).contains("Started CodexLbApplication").doesNotContain("APPLICATION FAILED");
		assertThat(served.resolve("codex-lb.mv.db")).isNotEmptyFile();
		assertThat(served.resolve("admin-key")).isNotEmptyFile();
		assertThat(served.resolve("encryption-key")).isNotEmptyFile();
	}

	@Test
	void startWhenDatabaseFileTruncatedShouldRefuseAndLeaveTheKeyFilesAsTheyWere() throws Exception {
		Path dataDir = copyOfServed("truncated");
		byte[] adminKey = Files.readAllBytes(dataDir.resolve("admin-key"));
		byte[] encryptionKey = Files.readAllBytes(dataDir.resolve("encryption-key"));
		Files.write(dataDir.resolve("codex-lb.mv.db"), new byte[0]);
		assertShortReport(failedStart("truncated", dataDir),
				"The database file " + dataDir.resolve("codex-lb.mv.db") + " is empty (0 bytes), but the data folder "
						+ dataDir + " holds admin-key and encryption-key",
				"To start afresh on purpose, with no API keys and no accounts, move the data folder " + dataDir
						+ " away");
		assertThat(Files.readAllBytes(dataDir.resolve("admin-key"))).isEqualTo(adminKey);
		assertThat(Files.readAllBytes(dataDir.resolve("encryption-key"))).isEqualTo(encryptionKey);
		assertThat(dataDir.resolve("codex-lb.mv.db")).isEmptyFile();
	}

	@Test
	void startWhenDatabaseFileDeletedShouldRefuseAndLeaveTheKeyFilesAsTheyWere() throws Exception {
		Path dataDir = copyOfServed("deleted");
		byte[] adminKey = Files.readAllBytes(dataDir.resolve("admin-key"));
		Files.delete(dataDir.resolve("codex-lb.mv.db"));
		assertShortReport(failedStart("deleted", dataDir),
				"The database file " + dataDir.resolve("codex-lb.mv.db") + " is missing, but the data folder " + dataDir
						+ " holds admin-key and encryption-key",
				"Restore " + dataDir.resolve("codex-lb.mv.db") + " from a backup.");
		assertThat(Files.readAllBytes(dataDir.resolve("admin-key"))).isEqualTo(adminKey);
		assertThat(dataDir.resolve("codex-lb.mv.db")).doesNotExist();
	}

	@Test
	void startWhenMigrationHistoryDroppedShouldRefuse() throws Exception {
		Path dataDir = copyOfServed("history");
		int tables;
		try (Connection connection = h2(dataDir)) {
			connection.createStatement().execute("DROP TABLE \"flyway_schema_history\"");
			ResultSet count = connection.createStatement()
				.executeQuery("SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = 'PUBLIC'");
			count.next();
			tables = count.getInt(1);
		}
		// every migration may add tables: the report names the first four and counts the
		// rest
		assertShortReport(failedStart("no migration history", dataDir),
				"The database file " + dataDir.resolve("codex-lb.mv.db")
						+ " has tables (ACCOUNTS, ACCOUNT_MODEL_LISTS, API_KEYS, API_KEY_ACCOUNTS and " + (tables - 4)
						+ " more) but no migration history (table flyway_schema_history)",
				"Restore the database from a backup, flyway_schema_history included.");
	}

	@Test
	void startWhenDatabaseFileDamagedShouldReportIt() throws Exception {
		Path dataDir = copyOfServed("damaged");
		Path file = dataDir.resolve("codex-lb.mv.db");
		byte[] garbage = new byte[(int) Files.size(file)];
		new Random(42).nextBytes(garbage);
		Files.write(file, garbage);
		assertShortReport(failedStart("damaged database", dataDir), "The database file " + file + " is damaged",
				"Restore it from a backup.");
	}

	@Test
	void startWhenDatabaseHeldOpenByAnotherProcessShouldReportIt() throws Exception {
		Path dataDir = copyOfServed("locked");
		try (Connection connection = h2(dataDir)) {
			assertShortReport(failedStart("database in use", dataDir),
					"The database file " + dataDir.resolve("codex-lb.mv.db") + " is in use by another process",
					"Stop the other process that has it open");
		}
	}

	@Test
	void startWhenEncryptionKeyFileLostWithTokensStoredShouldReportIt() throws Exception {
		Path dataDir = copyOfServed("no-encryption-key");
		Files.delete(dataDir.resolve("encryption-key"));
		assertShortReport(failedStart("encryption key missing", dataDir),
				"Account tokens are stored encrypted, but no encryption key is configured: "
						+ "codex-lb.encryption-key (CODEX_LB_ENCRYPTION_KEY) is not set and "
						+ dataDir.resolve("encryption-key") + " does not exist.",
				"Restore " + dataDir.resolve("encryption-key") + " from a backup, or set codex-lb.encryption-key");
	}

	@Test
	void startWhenDataFolderCannotBeCreatedShouldReportIt() throws Exception {
		// a regular file where a folder should be stops root too, unlike permissions
		Path file = workDir.resolve("a-file");
		Files.writeString(file, "not a folder");
		Path dataDir = file.resolve("data");
		assertShortReport(failedStart("data folder not writable", dataDir),
				"The data folder " + dataDir + ", set by codex-lb.data-dir (CODEX_LB_DATA_DIR), cannot be written: "
						+ file + " is a file, not a folder.",
				"or point codex-lb.data-dir (CODEX_LB_DATA_DIR) at a folder that user may create and write.");
	}

	private static String failedStart(String name, Path dataDir) throws Exception {
		Path console = workDir.resolve(name.replace(' ', '-') + ".log");
		// the account's catalog refresh fails at once: no upstream call leaves the
		// machine
		Process service = ServiceProcess.launch(console,
				ServiceArguments.onLoopback().dataDir(dataDir).noUpstream().toList());
		try {
			assertThat(service.waitFor(120, TimeUnit.SECONDS)).as("the service gives up").isTrue();
		}
		finally {
			service.destroyForcibly();
		}
		String output = read(console);
		assertThat(service.exitValue()).as(output).isNotZero();
		Secrets.check(output, "the console of the start with " + name);
		System.out.printf("start with %s: %d console lines%n", name, output.lines().count());
		return output;
	}

	private static void assertShortReport(String console, String description, String action) {
		assertThat(console).contains("APPLICATION FAILED TO START");
		String report = console.substring(console.indexOf("APPLICATION FAILED TO START"));
		assertThat(report).contains("Description:").contains("Action:");
		assertThat(report.substring(report.indexOf("Description:"), report.indexOf("Action:"))).contains(description);
		assertThat(report.substring(report.indexOf("Action:"))).contains(action);
		assertThat(console.lines()).as(console)
			.noneMatch((line) -> line.startsWith("\tat ") || line.contains("Caused by:"));
		assertThat(console.lines().count()).as(console).isLessThan(MAX_CONSOLE_LINES);
	}

	private static Path copyOfServed(String name) throws IOException {
		Path copy = workDir.resolve(name);
		Files.createDirectories(copy);
		try (Stream<Path> files = Files.list(served)) {
			for (Path file : files.toList()) {
				Files.copy(file, copy.resolve(file.getFileName()));
			}
		}
		return copy;
	}

	private static Connection h2(Path dataDir) throws SQLException {
		return DriverManager.getConnection("jdbc:h2:file:" + dataDir.resolve("codex-lb"), "sa", "");
	}

	private static String read(Path console) {
		try {
			return Files.readString(console);
		}
		catch (IOException ex) {
			return "(no console: " + ex.getMessage() + ")";
		}
	}

}
