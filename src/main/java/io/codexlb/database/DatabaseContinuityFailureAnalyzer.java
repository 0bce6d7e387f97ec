package io.codexlb.database;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports a database refused by {@link DatabaseContinuityCheck}.
 */
class DatabaseContinuityFailureAnalyzer extends AbstractFailureAnalyzer<DatabaseContinuityException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, DatabaseContinuityException cause) {
		return cause.analysis(rootFailure);
	}

}
