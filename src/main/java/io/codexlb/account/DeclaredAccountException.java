package io.codexlb.account;

import io.codexlb.error.StartupFailure;

/**
 * An account declared in configuration whose {@code auth.json} cannot be read or is not
 * one.
 */
class DeclaredAccountException extends StartupFailure {

	DeclaredAccountException(String property, String problem) {
		super(property + ": " + problem, "Point " + property + " at a Codex CLI auth.json that the service may read "
				+ "(written by codex login), or remove the setting.");
	}

}
