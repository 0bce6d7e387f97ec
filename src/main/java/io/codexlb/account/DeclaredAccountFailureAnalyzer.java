package io.codexlb.account;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports an account declared in configuration that cannot be imported.
 */
class DeclaredAccountFailureAnalyzer extends AbstractFailureAnalyzer<DeclaredAccountException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, DeclaredAccountException cause) {
		return cause.analysis(rootFailure);
	}

}
