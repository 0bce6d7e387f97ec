package io.codexlb.apikey;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The API key format: {@code sk-clb-} followed by 43 base64url characters (32 random
 * bytes), stored only as the SHA-256 hex of the whole key.
 */
public final class ApiKeyFormat {

	public static final String PREFIX = "sk-clb-";

	static final int RANDOM_BYTES = 32;

	static final int LENGTH = PREFIX.length() + 43;

	static final int DISPLAY_PREFIX_LENGTH = 12;

	private static final SecureRandom random = new SecureRandom();

	private static final HexFormat HEX = HexFormat.of();

	private static final MessageDigest SHA_256 = newSha256();

	private ApiKeyFormat() {
	}

	/**
	 * A new key: the prefix and 32 random bytes, base64url.
	 * @return the key
	 */
	public static String generate() {
		byte[] bytes = new byte[RANDOM_BYTES];
		random.nextBytes(bytes);
		return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	/**
	 * Whether a token has the shape of an API key; anything else is rejected without a
	 * store lookup.
	 * @param token the bearer token
	 * @return whether it is {@code sk-clb-} and 43 base64url characters
	 */
	public static boolean isWellFormed(String token) {
		if (token.length() != LENGTH || !token.startsWith(PREFIX)) {
			return false;
		}
		for (int i = PREFIX.length(); i < LENGTH; i++) {
			char c = token.charAt(i);
			boolean base64url = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'
					|| c == '_';
			if (!base64url) {
				return false;
			}
		}
		return true;
	}

	static String hash(String key) {
		return HEX.formatHex(sha256().digest(key.getBytes(StandardCharsets.US_ASCII)));
	}

	// every request hashes its key: cloning a digest skips the provider lookup of
	// getInstance
	private static MessageDigest sha256() {
		try {
			return (MessageDigest) SHA_256.clone();
		}
		catch (CloneNotSupportedException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static MessageDigest newSha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static String displayPrefix(String key) {
		return key.substring(0, DISPLAY_PREFIX_LENGTH);
	}

}
