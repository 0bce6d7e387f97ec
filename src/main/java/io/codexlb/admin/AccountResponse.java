package io.codexlb.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.codexlb.account.Account;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * An upstream account on the wire; never its tokens.
 *
 * @param id the id
 * @param object always {@code account}
 * @param name the name
 * @param chatgptAccountId the ChatGPT account id
 * @param email the login's e-mail address
 * @param planType the ChatGPT plan
 * @param enabled whether the catalog uses it
 * @param status {@code active} or {@code reauth_required}
 * @param statusReason why it is not active
 * @param accessTokenExpiresAt when the access token expires (ISO-8601)
 * @param tokensRefreshedAt when the tokens were last refreshed (ISO-8601)
 * @param createdAt when it was added (ISO-8601)
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record AccountResponse(String id, String object, String name, String chatgptAccountId, @Nullable String email,
		@Nullable String planType, boolean enabled, String status, @Nullable String statusReason,
		@Nullable String accessTokenExpiresAt, @Nullable String tokensRefreshedAt, String createdAt) {

	static AccountResponse of(Account account) {
		return new AccountResponse(account.id(), "account", account.name(), account.chatgptAccountId(), account.email(),
				account.planType(), account.enabled(), account.status().wireName(), account.statusReason(),
				AdminResponses.iso(account.accessTokenExpiresAt()), AdminResponses.iso(account.tokensRefreshedAt()),
				account.createdAt().toString());
	}

}
