package io.codexlb.support;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.codexlb.apikey.ApiKeyFormat;

/**
 * Every secret the tests handle (API keys, their SHA-256 hashes as the store writes them,
 * account tokens), and the leaks found: a secret in a log line, an exception, a response
 * body or a metric. {@link LeakDetectionExtension} fails the test during which a leak was
 * found.
 */
public final class Secrets {

	// shorter strings could occur by chance; every real secret is longer
	private static final int MIN_LENGTH = 8;

	// log text kept to catch a secret that was logged before it was registered
	private static final int RECENT_LOG_CHARS = 4_000_000;

	private static final Set<String> secrets = ConcurrentHashMap.newKeySet();

	private static final List<Leak> leaks = new ArrayList<>();

	private static final Deque<String> recentLog = new ArrayDeque<>();

	private static int recentLogChars;

	private Secrets() {
	}

	/**
	 * Registers a secret; an API key also registers its hash.
	 * @param secret the secret
	 */
	public static void register(String secret) {
		if (secret == null || secret.length() < MIN_LENGTH || !secrets.add(secret)) {
			return;
		}
		if (ApiKeyFormat.isWellFormed(secret)) {
			secrets.add(sha256(secret));
		}
		synchronized (recentLog) {
			for (String line : recentLog) {
				if (line.contains(secret)) {
					record(secret, "log (before the secret was registered)", line);
				}
			}
		}
	}

	/**
	 * Registers the token of an {@code Authorization} header the tests send, when it has
	 * the shape of an API key.
	 * @param authorization the header value
	 */
	public static void registerBearer(String authorization) {
		int space = authorization.indexOf(' ');
		if (space > 0) {
			String token = authorization.substring(space + 1).strip();
			if (ApiKeyFormat.isWellFormed(token)) {
				register(token);
			}
		}
	}

	/**
	 * Looks for secrets in a log event of the service.
	 * @param text the formatted message and the stack trace
	 * @param logger the logger's name
	 */
	static void logged(String text, String logger) {
		synchronized (recentLog) {
			recentLog.addLast(text);
			recentLogChars += text.length();
			while (recentLogChars > RECENT_LOG_CHARS && recentLog.size() > 1) {
				recentLogChars -= recentLog.removeFirst().length();
			}
		}
		check(text, "log line of " + logger);
	}

	/**
	 * Looks for secrets in text the service produced.
	 * @param text the text
	 * @param where where it was seen, for the failure message
	 */
	public static void check(String text, String where) {
		for (String secret : secrets) {
			if (text.contains(secret)) {
				record(secret, where, text);
			}
		}
	}

	/**
	 * The first registered secret in a text.
	 * @param text the text
	 * @return the secret, masked
	 */
	public static Optional<String> findIn(String text) {
		return secrets.stream().filter(text::contains).map(Secrets::mask).findFirst();
	}

	/**
	 * The leaks found since the last call, which forgets them.
	 * @return the leaks
	 */
	public static List<Leak> drain() {
		synchronized (leaks) {
			List<Leak> found = List.copyOf(leaks);
			leaks.clear();
			return found;
		}
	}

	public static String sha256(String key) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.US_ASCII)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void record(String secret, String where, String text) {
		String excerpt = text.replace(secret, mask(secret));
		if (excerpt.length() > 2000) {
			excerpt = excerpt.substring(0, 2000) + "...";
		}
		synchronized (leaks) {
			leaks.add(new Leak(mask(secret), where, excerpt));
		}
	}

	private static String mask(String secret) {
		return secret.substring(0, Math.min(6, secret.length() / 4)) + "<secret of " + secret.length() + " chars>";
	}

	/**
	 * A secret found where it must not be.
	 *
	 * @param secret the secret, masked
	 * @param where where it was found
	 * @param excerpt the text, with the secret masked
	 */
	public record Leak(String secret, String where, String excerpt) {

		@Override
		public String toString() {
			return this.secret + " in " + this.where + ": " + this.excerpt;
		}

	}

}
