package io.codexlb.datadir;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports a data folder, or a file in it, that the service cannot write or read.
 */
class DataDirectoryFailureAnalyzer extends AbstractFailureAnalyzer<DataDirectoryAccessException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, DataDirectoryAccessException cause) {
		return cause.analysis(rootFailure);
	}

}
