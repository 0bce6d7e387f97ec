package io.codexlb.account;

import org.jspecify.annotations.Nullable;

/**
 * An account's tokens in plaintext; they only exist in memory, never in a log line.
 *
 * @param accessToken the access token
 * @param refreshToken the refresh token
 * @param idToken the id token, if any
 */
record AccountTokens(String accessToken, String refreshToken, @Nullable String idToken) {

	@Override
	public String toString() {
		return "AccountTokens[redacted]";
	}

}
