package io.codexlb.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import org.springframework.boot.SpringApplication;

/**
 * A real PostgreSQL server on loopback, started from a Maven artifact once per test run,
 * with a fresh database for each test context.
 */
public final class Postgres {

	private static final AtomicInteger databases = new AtomicInteger();

	private static EmbeddedPostgres server;

	private Postgres() {
	}

	/**
	 * Creates a database, and the properties that point a test context at it, with a data
	 * directory of its own: a directory that served another database is refused with an
	 * empty one.
	 * @return the context's properties
	 */
	static Map<String, Object> freshDatabaseProperties() {
		return Map.of("codex-lb.data-dir", ServerTestSupport.newDataDir().toString(), "spring.datasource.url",
				freshDatabase(), "spring.datasource.username", "postgres", "spring.datasource.password", "");
	}

	public static synchronized String freshDatabase() {
		EmbeddedPostgres postgres = server();
		String name = "codex_lb_" + databases.incrementAndGet();
		try (Connection connection = postgres.getPostgresDatabase().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE DATABASE " + name);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
		return postgres.getJdbcUrl("postgres", name).replace("//localhost:", "//127.0.0.1:");
	}

	/**
	 * Starts a server of its own, which a test may stop and start again on the same port
	 * and data.
	 * @param dataDirectory where its data lives
	 * @param port its port
	 * @return the server
	 */
	public static EmbeddedPostgres start(Path dataDirectory, int port) {
		try {
			return EmbeddedPostgres.builder()
				.setDataDirectory(dataDirectory)
				.setCleanDataDirectory(false)
				.setPort(port)
				.setServerConfig("listen_addresses", "127.0.0.1")
				.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static EmbeddedPostgres server() {
		if (server == null) {
			try {
				// stopped once the cached test contexts are closed, not by a shutdown
				// hook of its own running alongside theirs: a context closed after the
				// server would wait out the pool's connection timeout in its last flush
				server = EmbeddedPostgres.builder()
					.setServerConfig("listen_addresses", "127.0.0.1")
					.setRegisterShutdownHook(false)
					.start();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			SpringApplication.getShutdownHandlers().add(Postgres::stop);
		}
		return server;
	}

	private static void stop() {
		try {
			server.close();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
