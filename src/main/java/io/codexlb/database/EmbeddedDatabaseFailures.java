package io.codexlb.database;

import java.sql.SQLException;

import org.jspecify.annotations.Nullable;

import org.springframework.core.env.Environment;

/**
 * Finds the H2 error of a failed start, and names the database file it is about.
 */
final class EmbeddedDatabaseFailures {

	private EmbeddedDatabaseFailures() {
	}

	/**
	 * The first H2 error with one of the given codes in a chain of causes.
	 * @param failure the failure
	 * @param errorCodes H2's error codes ({@code org.h2.api.ErrorCode})
	 * @return the error, or {@code null}
	 */
	static @Nullable SQLException find(Throwable failure, int... errorCodes) {
		for (Throwable candidate = failure; candidate != null; candidate = candidate.getCause()) {
			if (candidate instanceof SQLException sql && sql.getClass().getName().startsWith("org.h2.")) {
				for (int errorCode : errorCodes) {
					if (sql.getErrorCode() == errorCode) {
						return sql;
					}
				}
			}
		}
		return null;
	}

	static String database(Environment environment) {
		H2DatabaseFile file = H2DatabaseFile.of(environment);
		if (file != null) {
			return "database file " + file.file();
		}
		return "database " + DatabaseConnectionFailureAnalyzer
			.withoutSecrets(environment.getProperty("spring.datasource.url", "(not set)"));
	}

	static String folder(Environment environment) {
		H2DatabaseFile file = H2DatabaseFile.of(environment);
		return (file != null) ? file.folder().toString() : "(the database's folder)";
	}

}
