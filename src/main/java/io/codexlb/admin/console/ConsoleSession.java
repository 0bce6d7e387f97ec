package io.codexlb.admin.console;

import java.time.Instant;

import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;

/**
 * What a console session holds: the id of the admin key it signed in with and when, never
 * the key. The session itself lives in the shared database (Spring Session JDBC).
 */
final class ConsoleSession {

	static final String KEY_ID = "codex-lb.console.key-id";

	static final String SIGNED_IN_AT = "codex-lb.console.signed-in-at";

	private ConsoleSession() {
	}

	static void signIn(HttpSession session, String keyId, Instant now, long idleSeconds) {
		session.setAttribute(KEY_ID, keyId);
		session.setAttribute(SIGNED_IN_AT, now.toEpochMilli());
		session.setMaxInactiveInterval((int) Math.min(Integer.MAX_VALUE, idleSeconds));
	}

	static @Nullable String keyId(@Nullable HttpSession session) {
		return (session != null && session.getAttribute(KEY_ID) instanceof String id) ? id : null;
	}

	static Instant signedInAt(HttpSession session) {
		return (session.getAttribute(SIGNED_IN_AT) instanceof Long millis) ? Instant.ofEpochMilli(millis)
				: Instant.EPOCH;
	}

}
