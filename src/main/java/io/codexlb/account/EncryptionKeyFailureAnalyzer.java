package io.codexlb.account;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports an encryption key of the account tokens that the service cannot use.
 */
class EncryptionKeyFailureAnalyzer extends AbstractFailureAnalyzer<EncryptionKeyException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, EncryptionKeyException cause) {
		return cause.analysis(rootFailure);
	}

}
