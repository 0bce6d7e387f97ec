package io.codexlb.account;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * The content of a Codex CLI {@code auth.json}, as {@link AuthJsonDocument} reads it.
 *
 * @param accessToken the access token
 * @param refreshToken the refresh token
 * @param idToken the id token, if any
 * @param accountId the ChatGPT account id
 * @param lastRefresh when the CLI last refreshed the tokens, if it says
 */
public record AuthJson(String accessToken, String refreshToken, @Nullable String idToken, String accountId,
		@Nullable Instant lastRefresh) {

	@Override
	public String toString() {
		return "AuthJson[accountId=" + this.accountId + ", tokens redacted]";
	}

}
