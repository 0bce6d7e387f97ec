package io.codexlb.apikey;

import java.nio.file.Path;

import io.codexlb.error.StartupFailure;

/**
 * The service cannot set up the first admin key: the configured key is malformed, or a
 * key file exists whose key is not stored.
 */
class AdminKeyException extends StartupFailure {

	static final String SETTING = "codex-lb.admin-key (CODEX_LB_ADMIN_KEY)";

	private AdminKeyException(String description, String action) {
		super(description, action);
	}

	static AdminKeyException malformed() {
		return new AdminKeyException(
				SETTING + " is not a valid API key: expected '" + ApiKeyFormat.PREFIX
						+ "' followed by 43 base64url characters.",
				"Set " + SETTING + " to a key of that format, such as \"sk-clb-$(openssl rand -base64 32 | tr '+/' "
						+ "'-_' | tr -d '=')\" makes, or leave it unset to have one generated into the data folder.");
	}

	static AdminKeyException fileWithoutKey(Path file) {
		return new AdminKeyException("No API key is stored, but " + file
				+ " exists: its key is not in the database (deleted through the admin API, or the file belongs to "
				+ "another database). The service does not overwrite it.",
				"Set " + SETTING + " to install an admin key, or delete " + file
						+ " to have a new one generated into it; then start again.");
	}

}
