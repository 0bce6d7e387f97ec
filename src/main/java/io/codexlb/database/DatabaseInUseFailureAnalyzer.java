package io.codexlb.database;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.env.Environment;

/**
 * Reports an embedded H2 database that another process holds open: H2 locks its file for
 * one process at a time.
 */
class DatabaseInUseFailureAnalyzer implements FailureAnalyzer {

	// org.h2.api.ErrorCode.DATABASE_ALREADY_OPEN_1
	private static final int DATABASE_ALREADY_OPEN = 90020;

	private final Environment environment;

	DatabaseInUseFailureAnalyzer(Environment environment) {
		this.environment = environment;
	}

	@Override
	public @Nullable FailureAnalysis analyze(Throwable failure) {
		if (EmbeddedDatabaseFailures.find(failure, DATABASE_ALREADY_OPEN) == null) {
			return null;
		}
		return new FailureAnalysis(
				"The " + EmbeddedDatabaseFailures.database(this.environment)
						+ " is in use by another process: an embedded H2 database is open in one process at a time.",
				"Stop the other process that has it open (another instance of the service on the data folder "
						+ EmbeddedDatabaseFailures.folder(this.environment) + ", or an H2 tool), or give this instance"
						+ " a data folder of its own (codex-lb.data-dir, CODEX_LB_DATA_DIR). Replicas that share their"
						+ " data need PostgreSQL (spring.datasource.url): see \"Running several replicas\" in"
						+ " docs/operations.md.",
				failure);
	}

}
