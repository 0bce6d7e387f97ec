package io.codexlb.account;

import java.time.Instant;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonDeserialize;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * A Codex CLI {@code auth.json} as it binds from JSON:
 * {@code {"tokens":{"id_token","access_token","refresh_token","account_id"},"last_refresh"}}.
 * Fields this service does not use (such as {@code auth_mode} or {@code OPENAI_API_KEY})
 * are ignored: the CLI adds fields over time.
 *
 * @param tokens the tokens of the login
 * @param lastRefresh when the CLI last refreshed the tokens, if it says
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AuthJsonDocument(@NotNull(message = AuthJsonDocument.MISSING_TOKENS) @Valid @Nullable Tokens tokens,
		@JsonDeserialize(using = LastRefreshDeserializer.class) @Nullable Instant lastRefresh) {

	public static final String MISSING_TOKENS = "Missing required parameter: 'tokens' (log in with `codex login` first).";

	// encrypted and base64-encoded, a token this long still fits its VARCHAR(20000)
	// column
	static final String TOKEN = "[!-~]{1,14000}";

	/**
	 * The content, once Bean Validation has found the document valid.
	 * @return the content
	 */
	public AuthJson toAuthJson() {
		Tokens tokens = Objects.requireNonNull(this.tokens, "tokens");
		return new AuthJson(Objects.requireNonNull(tokens.accessToken(), "access_token"),
				Objects.requireNonNull(tokens.refreshToken(), "refresh_token"), tokens.idToken(),
				Objects.requireNonNull(tokens.accountId(), "account_id"), this.lastRefresh);
	}

	/**
	 * The {@code tokens} object of an {@code auth.json}; each token is printable ASCII.
	 *
	 * @param idToken the id token, if any
	 * @param accessToken the access token
	 * @param refreshToken the refresh token
	 * @param accountId the ChatGPT account id
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	public record Tokens(@Pattern(regexp = TOKEN,
			message = "Invalid 'tokens.id_token': expected 1 to 14000 printable ASCII characters.") @Nullable String idToken,
			@NotNull(message = "Missing required parameter: 'tokens.access_token'.") @Pattern(regexp = TOKEN,
					message = "Invalid 'tokens.access_token': expected 1 to 14000 printable ASCII characters.") @Nullable String accessToken,
			@NotNull(message = "Missing required parameter: 'tokens.refresh_token'.") @Pattern(regexp = TOKEN,
					message = "Invalid 'tokens.refresh_token': expected 1 to 14000 printable ASCII characters.") @Nullable String refreshToken,
			@NotNull(message = "Missing required parameter: 'tokens.account_id'.") @Pattern(regexp = TOKEN,
					message = "Invalid 'tokens.account_id': expected 1 to 14000 printable ASCII characters.") @Size(
							max = 200,
							message = "Invalid 'tokens.account_id': at most {max} characters.") @Nullable String accountId) {

		@Override
		public String toString() {
			return "Tokens[accountId=" + this.accountId + ", tokens redacted]";
		}

	}

}
