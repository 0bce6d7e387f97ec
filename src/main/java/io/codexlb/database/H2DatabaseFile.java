package io.codexlb.database;

import java.nio.file.Path;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import org.springframework.core.env.Environment;

/**
 * The file of an embedded H2 database, as its JDBC URL names it:
 * {@code jdbc:h2:file:NAME} or {@code jdbc:h2:NAME} with a path, stored in
 * {@code NAME.mv.db}.
 *
 * @param file the database file
 */
record H2DatabaseFile(Path file) {

	private static final String PREFIX = "jdbc:h2:";

	private static final String SUFFIX = ".mv.db";

	Path folder() {
		return this.file.getParent();
	}

	// what H2's tools call the database: the file name without .mv.db
	String name() {
		String fileName = this.file.getFileName().toString();
		return fileName.substring(0, fileName.length() - SUFFIX.length());
	}

	/**
	 * The H2 file database of the configured data source, if it is one.
	 * @param environment the settings
	 * @return the database file, or {@code null} for another database (PostgreSQL, an H2
	 * server or an in-memory database)
	 */
	static @Nullable H2DatabaseFile of(Environment environment) {
		String url = environment.getProperty("spring.datasource.url");
		return (url != null) ? of(url) : null;
	}

	static @Nullable H2DatabaseFile of(String url) {
		if (!url.toLowerCase(Locale.ROOT).startsWith(PREFIX)) {
			return null;
		}
		String name = url.substring(PREFIX.length());
		int settings = name.indexOf(';');
		if (settings >= 0) {
			name = name.substring(0, settings);
		}
		if (name.startsWith("file:")) {
			name = name.substring("file:".length());
		}
		else if (!(name.startsWith("/") || name.startsWith("./") || name.startsWith("../") || name.startsWith("~"))) {
			// mem:, tcp:, ssl:, zip: and the like
			return null;
		}
		if (name.startsWith("~")) {
			name = System.getProperty("user.home") + name.substring(1);
		}
		return new H2DatabaseFile(Path.of(name + SUFFIX).toAbsolutePath().normalize());
	}

}
