package io.codexlb.admin;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.codexlb.account.AuthJson;
import io.codexlb.account.AuthJsonDocument;
import io.codexlb.account.LastRefreshDeserializer;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonDeserialize;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * The body of {@code POST /api/accounts}: the {@code auth.json} of a Codex CLI login, as
 * {@link AuthJsonDocument} reads it (fields this service does not use are ignored), with
 * an optional {@code name}.
 *
 * @param tokens the tokens of the login
 * @param lastRefresh when the CLI last refreshed the tokens, if it says
 * @param name the name of a new account, by default its e-mail address
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record AccountCreateRequest(
		@NotNull(message = AuthJsonDocument.MISSING_TOKENS) @Valid AuthJsonDocument.@Nullable Tokens tokens,
		@JsonDeserialize(using = LastRefreshDeserializer.class) @Nullable Instant lastRefresh,
		@ValidName @Nullable String name) {

	AccountCreateRequest {
		name = (name != null) ? name.strip() : null;
	}

	/**
	 * The login, once Bean Validation has found the body valid.
	 * @return the content of the {@code auth.json}
	 */
	AuthJson authJson() {
		return new AuthJsonDocument(this.tokens, this.lastRefresh).toAuthJson();
	}

}
