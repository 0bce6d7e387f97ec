package io.codexlb.database;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.sql.SQLException;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.env.Environment;

/**
 * Turns a start-up that failed because the database cannot be reached into one message
 * naming the database (never its password), instead of a wall of stack traces.
 */
class DatabaseConnectionFailureAnalyzer extends AbstractFailureAnalyzer<SQLException> {

	private final Environment environment;

	DatabaseConnectionFailureAnalyzer(Environment environment) {
		this.environment = environment;
	}

	@Override
	protected @Nullable FailureAnalysis analyze(Throwable rootFailure, SQLException cause) {
		if (!isConnectionFailure(rootFailure, cause)) {
			return null;
		}
		String url = withoutSecrets(this.environment.getProperty("spring.datasource.url", "(not set)"));
		String user = this.environment.getProperty("spring.datasource.username", "(not set)");
		return new FailureAnalysis(
				"Cannot connect to the database " + url + " as user " + user + ": " + reason(rootFailure, cause),
				"Check that the database runs and is reachable from here, and the settings spring.datasource.url, "
						+ "spring.datasource.username and spring.datasource.password (or SPRING_DATASOURCE_URL, "
						+ "SPRING_DATASOURCE_USERNAME and SPRING_DATASOURCE_PASSWORD).",
				null);
	}

	private static boolean isConnectionFailure(Throwable rootFailure, SQLException cause) {
		String state = cause.getSQLState();
		if (state != null && (state.startsWith("08") || state.equals("28P01") || state.equals("3D000"))) {
			return true;
		}
		for (Throwable failure = rootFailure; failure != null; failure = failure.getCause()) {
			if (failure instanceof ConnectException || failure instanceof UnknownHostException) {
				return true;
			}
		}
		return false;
	}

	private static String reason(Throwable rootFailure, SQLException cause) {
		for (Throwable failure = rootFailure; failure != null; failure = failure.getCause()) {
			if (failure instanceof ConnectException) {
				return "connection refused";
			}
			if (failure instanceof UnknownHostException) {
				return "unknown host";
			}
		}
		String state = cause.getSQLState();
		if ("28P01".equals(state)) {
			return "authentication failed";
		}
		if ("3D000".equals(state)) {
			return "the database does not exist";
		}
		return "SQL state " + state;
	}

	// a JDBC URL may carry the password as a parameter
	static String withoutSecrets(String url) {
		return url.replaceAll("(?i)(password|pwd)=[^&;]*", "$1=****");
	}

}
