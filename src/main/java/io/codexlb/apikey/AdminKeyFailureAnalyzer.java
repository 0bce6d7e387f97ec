package io.codexlb.apikey;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports a first admin key that the service cannot set up.
 */
class AdminKeyFailureAnalyzer extends AbstractFailureAnalyzer<AdminKeyException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, AdminKeyException cause) {
		return cause.analysis(rootFailure);
	}

}
