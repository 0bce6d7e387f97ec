package io.codexlb.database;

import java.sql.SQLException;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.env.Environment;

/**
 * Reports an embedded H2 database file that H2 cannot read: damaged, or not a database
 * file of this H2 version.
 */
class DamagedDatabaseFailureAnalyzer implements FailureAnalyzer {

	// org.h2.api.ErrorCode.FILE_CORRUPTED_1 and FILE_VERSION_ERROR_1
	private static final int FILE_CORRUPTED = 90030;

	private static final int FILE_VERSION_ERROR = 90048;

	private final Environment environment;

	DamagedDatabaseFailureAnalyzer(Environment environment) {
		this.environment = environment;
	}

	@Override
	public @Nullable FailureAnalysis analyze(Throwable failure) {
		SQLException error = EmbeddedDatabaseFailures.find(failure, FILE_CORRUPTED, FILE_VERSION_ERROR);
		if (error == null) {
			return null;
		}
		String database = EmbeddedDatabaseFailures.database(this.environment);
		H2DatabaseFile file = H2DatabaseFile.of(this.environment);
		String recover = (file != null) ? " -dir " + file.folder() + " -db " + file.name() : "";
		String afresh = (file != null) ? "move the data folder " + file.folder() + " away"
				: "give it an empty database";
		String what = (error.getErrorCode() == FILE_CORRUPTED) ? "is damaged: H2 finds it corrupted"
				: "is damaged, or was written by another version of H2: this one does not recognize its format";
		return new FailureAnalysis("The " + database + " " + what + " (H2 error " + error.getErrorCode() + ").",
				"Restore it from a backup. What is still readable can be saved with H2's recovery tool, java -cp "
						+ "h2.jar org.h2.tools.Recover" + recover + ", which writes a SQL script to run into a new "
						+ "database. To start afresh on purpose, with no API keys and no accounts, " + afresh
						+ " and start again.",
				failure);
	}

}
