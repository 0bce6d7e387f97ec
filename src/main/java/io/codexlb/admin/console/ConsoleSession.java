package io.codexlb.admin.console;

import java.time.Instant;

import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;

/**
 * What a console session holds: the id and display prefix of the admin key it signed in
 * with and when, never the key. The session itself lives in the shared database (Spring
 * Session JDBC).
 */
final class ConsoleSession {

	static final String KEY_ID = "codex-lb.console.key-id";

	static final String SIGNED_IN_AT = "codex-lb.console.signed-in-at";

	// the key's display prefix at sign-in: a regenerated key has a new one, and its
	// sessions end
	static final String KEY_PREFIX = "codex-lb.console.key-prefix";

	// how long a session made for the sign-in form alone (its CSRF token) is kept
	static final int SIGN_IN_FORM_SECONDS = 300;

	private ConsoleSession() {
	}

	static void signIn(HttpSession session, String keyId, String keyPrefix, Instant now, long idleSeconds) {
		session.setAttribute(KEY_ID, keyId);
		session.setAttribute(KEY_PREFIX, keyPrefix);
		session.setAttribute(SIGNED_IN_AT, now.toEpochMilli());
		session.setMaxInactiveInterval((int) Math.min(Integer.MAX_VALUE, idleSeconds));
	}

	static @Nullable String keyId(@Nullable HttpSession session) {
		return (session != null && session.getAttribute(KEY_ID) instanceof String id) ? id : null;
	}

	static @Nullable String keyPrefix(HttpSession session) {
		return (session.getAttribute(KEY_PREFIX) instanceof String prefix) ? prefix : null;
	}

	static Instant signedInAt(HttpSession session) {
		return (session.getAttribute(SIGNED_IN_AT) instanceof Long millis) ? Instant.ofEpochMilli(millis)
				: Instant.EPOCH;
	}

}
