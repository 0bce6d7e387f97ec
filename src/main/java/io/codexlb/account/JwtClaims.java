package io.codexlb.account;

import java.time.Instant;
import java.util.Base64;

import io.codexlb.database.SqlTimestamps;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The claims of a JWT, read without checking its signature: the service only needs the
 * hints the tokens give about themselves (expiry, e-mail, plan), never trusts them for
 * access.
 */
final class JwtClaims {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final String OPENAI_AUTH = "https://api.openai.com/auth";

	private final JsonNode claims;

	private JwtClaims(JsonNode claims) {
		this.claims = claims;
	}

	static JwtClaims of(@Nullable String token) {
		if (token == null) {
			return new JwtClaims(json.createObjectNode());
		}
		String[] parts = token.split("\\.");
		if (parts.length != 3) {
			return new JwtClaims(json.createObjectNode());
		}
		try {
			JsonNode claims = json.readTree(Base64.getUrlDecoder().decode(parts[1]));
			return new JwtClaims(claims.isObject() ? claims : json.createObjectNode());
		}
		catch (IllegalArgumentException | JacksonException ex) {
			return new JwtClaims(json.createObjectNode());
		}
	}

	@Nullable Instant expiresAt() {
		JsonNode exp = this.claims.get("exp");
		if (exp == null || !exp.isNumber() || !exp.canConvertToLong()) {
			return null;
		}
		long seconds = exp.longValue();
		return (seconds > 0 && seconds <= SqlTimestamps.LATEST.getEpochSecond()) ? Instant.ofEpochSecond(seconds)
				: null;
	}

	@Nullable String email() {
		return text(this.claims, "email", 320);
	}

	@Nullable String subject() {
		return text(this.claims, "sub", 200);
	}

	@Nullable String planType() {
		JsonNode auth = this.claims.get(OPENAI_AUTH);
		return (auth != null) ? text(auth, "chatgpt_plan_type", 64) : null;
	}

	// a claim longer than its column is treated as absent: these are hints, not
	// identities
	private static @Nullable String text(JsonNode node, String field, int maxLength) {
		JsonNode value = node.get(field);
		return (value != null && value.isString() && !value.stringValue().isBlank()
				&& value.stringValue().length() <= maxLength) ? value.stringValue() : null;
	}

}
