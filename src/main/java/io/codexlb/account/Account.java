package io.codexlb.account;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * An upstream account as the service and the admin API see it; its tokens are not part of
 * it.
 *
 * @param id the account's id in this service
 * @param name the unique name
 * @param chatgptAccountId the ChatGPT account (workspace) id, sent as
 * {@code chatgpt-account-id}
 * @param chatgptUserId the login within the workspace ({@code sub} of the id token)
 * @param email the login's e-mail address, if the id token names it
 * @param planType the ChatGPT plan, if the id token names it
 * @param enabled whether the operator lets the service use the account
 * @param status whether its tokens work
 * @param statusReason why the status is not {@code active}
 * @param accessTokenExpiresAt when the access token expires, if it says
 * @param tokensRefreshedAt when the tokens were last refreshed
 * @param createdAt when the account was added
 */
public record Account(String id, String name, String chatgptAccountId, String chatgptUserId, @Nullable String email,
		@Nullable String planType, boolean enabled, AccountStatus status, @Nullable String statusReason,
		@Nullable Instant accessTokenExpiresAt, @Nullable Instant tokensRefreshedAt, Instant createdAt) {

	/**
	 * Whether the catalog may fetch with this account.
	 * @return enabled and active
	 */
	public boolean usable() {
		return this.enabled && this.status == AccountStatus.ACTIVE;
	}

}
