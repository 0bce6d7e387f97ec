package io.codexlb.upstream;

import org.jspecify.annotations.Nullable;

/**
 * The outcome of refreshing an account's tokens.
 */
public sealed interface TokenRefresh {

	/**
	 * New tokens. The refresh token rotates: the one sent is no longer valid.
	 *
	 * @param accessToken the new access token
	 * @param refreshToken the new refresh token, or {@code null} if the server kept the
	 * old one
	 * @param idToken the new id token, if sent
	 */
	record Refreshed(String accessToken, @Nullable String refreshToken,
			@Nullable String idToken) implements TokenRefresh {

		@Override
		public String toString() {
			return "Refreshed[tokens redacted]";
		}

	}

	/**
	 * The OAuth server refused the refresh token (400 or 401): the account must log in
	 * again.
	 *
	 * @param reason the OAuth error code, such as {@code invalid_grant}
	 */
	record Refused(String reason) implements TokenRefresh {

	}

	/**
	 * The refresh could not be done now (5xx, timeout, network); it may work later.
	 *
	 * @param reason why, without any secret
	 */
	record Failed(String reason) implements TokenRefresh {

	}

}
