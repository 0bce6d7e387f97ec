package io.codexlb.account;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Objects;

import io.codexlb.error.ApiError;
import io.codexlb.database.SqlTimestamps;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The content of a Codex CLI {@code auth.json}:
 * {@code {"tokens":{"id_token","access_token","refresh_token","account_id"},"last_refresh"}}.
 *
 * @param accessToken the access token
 * @param refreshToken the refresh token
 * @param idToken the id token, if any
 * @param accountId the ChatGPT account id
 * @param lastRefresh when the CLI last refreshed the tokens, if it says
 */
public record AuthJson(String accessToken, String refreshToken, @Nullable String idToken, String accountId,
		@Nullable Instant lastRefresh) {

	// encrypted and base64-encoded, a token this long still fits its VARCHAR(20000)
	// column
	static final int MAX_TOKEN_LENGTH = 14_000;

	static final int MAX_ACCOUNT_ID_LENGTH = 200;

	/**
	 * Reads an {@code auth.json} document. Fields this service does not use (such as
	 * {@code auth_mode} or {@code OPENAI_API_KEY}) are ignored: the CLI adds fields over
	 * time.
	 * @param document the parsed JSON
	 * @return the content
	 * @throws io.codexlb.error.ApiException a 400 naming the field, when the document is
	 * not a valid {@code auth.json}
	 */
	public static AuthJson parse(JsonNode document) {
		if (!document.isObject()) {
			throw invalid(null, "invalid_type", "The body must be the JSON object of a Codex CLI auth.json.");
		}
		JsonNode tokens = document.get("tokens");
		if (tokens == null || tokens.isNull()) {
			throw invalid("tokens", "missing_required_parameter",
					"Missing required parameter: 'tokens' (log in with `codex login` first).");
		}
		if (!tokens.isObject()) {
			throw invalid("tokens", "invalid_type", "Invalid type for 'tokens': expected an object.");
		}
		String accountId = required(tokens, "account_id");
		if (accountId.length() > MAX_ACCOUNT_ID_LENGTH) {
			throw invalid("tokens.account_id", "invalid_value",
					"Invalid 'tokens.account_id': at most " + MAX_ACCOUNT_ID_LENGTH + " characters.");
		}
		return new AuthJson(required(tokens, "access_token"), required(tokens, "refresh_token"),
				token(tokens, "id_token", false), accountId, lastRefresh(document));
	}

	@Override
	public String toString() {
		return "AuthJson[accountId=" + this.accountId + ", tokens redacted]";
	}

	private static String required(JsonNode tokens, String field) {
		return Objects.requireNonNull(token(tokens, field, true));
	}

	private static @Nullable String token(JsonNode tokens, String field, boolean required) {
		String param = "tokens." + field;
		JsonNode value = tokens.get(field);
		if (value == null || value.isNull()) {
			if (required) {
				throw invalid(param, "missing_required_parameter", "Missing required parameter: '" + param + "'.");
			}
			return null;
		}
		if (!value.isString()) {
			throw invalid(param, "invalid_type", "Invalid type for '" + param + "': expected a string.");
		}
		String text = value.stringValue();
		if (text.isEmpty() || text.length() > MAX_TOKEN_LENGTH
				|| text.codePoints().anyMatch((c) -> c <= ' ' || c >= 127)) {
			throw invalid(param, "invalid_value",
					"Invalid '" + param + "': expected 1 to " + MAX_TOKEN_LENGTH + " printable ASCII characters.");
		}
		return text;
	}

	private static @Nullable Instant lastRefresh(JsonNode document) {
		JsonNode value = document.get("last_refresh");
		if (value == null || value.isNull()) {
			return null;
		}
		if (!value.isString()) {
			throw invalid("last_refresh", "invalid_type", "Invalid type for 'last_refresh': expected a date-time.");
		}
		try {
			Instant lastRefresh = OffsetDateTime.parse(value.stringValue()).toInstant();
			if (lastRefresh.isAfter(SqlTimestamps.LATEST)) {
				throw invalid("last_refresh", "invalid_value", "Invalid 'last_refresh': a date after the year 9999.");
			}
			return lastRefresh;
		}
		catch (DateTimeParseException ex) {
			throw invalid("last_refresh", "invalid_value",
					"Invalid 'last_refresh': expected an ISO-8601 date-time such as 2026-01-15T10:00:00Z.");
		}
	}

	private static io.codexlb.error.ApiException invalid(@Nullable String param, String code, String message) {
		return ApiError.invalidRequest(param, code, message).exception();
	}

}
