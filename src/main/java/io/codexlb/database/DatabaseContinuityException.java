package io.codexlb.database;

import io.codexlb.error.StartupFailure;

/**
 * The database cannot be the one this data folder served, or has lost its migration
 * history: starting on it would lose the stored keys and accounts for good.
 */
class DatabaseContinuityException extends StartupFailure {

	DatabaseContinuityException(String description, String action) {
		super(description, action);
	}

}
