package io.codexlb.account;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Encrypts account tokens at rest with AES-256-GCM. Each value has its own random nonce,
 * and is bound to the account and field it belongs to, so a value copied to another row
 * does not decrypt.
 */
final class TokenCipher {

	private static final String PREFIX = "v1:";

	private static final int NONCE_BYTES = 12;

	private static final int TAG_BITS = 128;

	private static final SecureRandom random = new SecureRandom();

	private final SecretKey key;

	TokenCipher(SecretKey key) {
		this.key = key;
	}

	String encrypt(String plaintext, String context) {
		byte[] nonce = new byte[NONCE_BYTES];
		random.nextBytes(nonce);
		try {
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.ENCRYPT_MODE, this.key, new GCMParameterSpec(TAG_BITS, nonce));
			cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
			byte[] ciphertext = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
			return PREFIX + Base64.getEncoder()
				.encodeToString(
						ByteBuffer.allocate(nonce.length + ciphertext.length).put(nonce).put(ciphertext).array());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("AES-GCM is not available", ex);
		}
	}

	/**
	 * Decrypts a value.
	 * @param encrypted the stored value
	 * @param context the account and field it belongs to
	 * @return the plaintext
	 * @throws TokenDecryptionException if the key is not the one the value was encrypted
	 * with, or the value was altered
	 */
	String decrypt(String encrypted, String context) {
		if (!encrypted.startsWith(PREFIX)) {
			throw new TokenDecryptionException();
		}
		try {
			byte[] bytes = Base64.getDecoder().decode(encrypted.substring(PREFIX.length()));
			if (bytes.length <= NONCE_BYTES) {
				throw new TokenDecryptionException();
			}
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.DECRYPT_MODE, this.key, new GCMParameterSpec(TAG_BITS, bytes, 0, NONCE_BYTES));
			cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
			return new String(cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES), StandardCharsets.UTF_8);
		}
		catch (GeneralSecurityException | IllegalArgumentException ex) {
			throw new TokenDecryptionException();
		}
	}

	/**
	 * A stored value that does not decrypt with the configured key.
	 */
	static final class TokenDecryptionException extends RuntimeException {

		TokenDecryptionException() {
			super("A stored value does not decrypt with the configured encryption key", null, false, false);
		}

	}

}
