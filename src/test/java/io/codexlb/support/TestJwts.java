package io.codexlb.support;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

/**
 * Unsigned JWTs shaped like the ChatGPT tokens, for the upstream stand-in.
 */
public final class TestJwts {

	private static final JsonMapper json = JsonMapper.builder().build();

	private TestJwts() {
	}

	public static String accessToken(String tag, Instant expiresAt) {
		Map<String, Object> claims = new LinkedHashMap<>();
		claims.put("sub", "user-" + tag);
		claims.put("exp", expiresAt.getEpochSecond());
		claims.put("jti", tag);
		return secret(jwt(claims));
	}

	public static String accessTokenWithClaims(Map<String, Object> claims) {
		return secret(jwt(claims));
	}

	public static String idToken(String userId, String email, String plan) {
		Map<String, Object> claims = new LinkedHashMap<>();
		claims.put("sub", userId);
		claims.put("email", email);
		claims.put("https://api.openai.com/auth", Map.of("chatgpt_plan_type", plan));
		return secret(jwt(claims));
	}

	public static String authJson(String accountId, String accessToken, String refreshToken, String idToken) {
		secret(refreshToken);
		String id = (idToken != null) ? "\"" + idToken + "\"" : "null";
		return """
				{"OPENAI_API_KEY":null,"tokens":{"id_token":%s,"access_token":"%s","refresh_token":"%s",
				"account_id":"%s"},"last_refresh":"2026-01-15T09:00:00Z"}
				""".formatted(id, accessToken, refreshToken, accountId);
	}

	/**
	 * Registers a token with the leak detection.
	 * @param token the token
	 * @return the token
	 */
	public static String secret(String token) {
		Secrets.register(token);
		return token;
	}

	private static String jwt(Map<String, Object> claims) {
		Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
		return encoder.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
				+ encoder.encodeToString(json.writeValueAsBytes(claims)) + "."
				+ encoder.encodeToString("signature".getBytes(StandardCharsets.UTF_8));
	}

}
