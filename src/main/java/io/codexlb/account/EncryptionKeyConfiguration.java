package io.codexlb.account;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import io.codexlb.datadir.DataDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Finds the key that encrypts account tokens, and refuses to start with a key that does
 * not decrypt what is stored: garbage tokens would fail later and far from the cause.
 */
@Configuration(proxyBeanMethods = false)
class EncryptionKeyConfiguration {

	static final String KEY_FILE = DataDirectory.ENCRYPTION_KEY_FILE;

	static final String KEY_CHECK_SETTING = "encryption_key_check";

	private static final String KEY_CHECK_PLAINTEXT = "codex-lb encryption key check";

	private static final String KEY_CHECK_CONTEXT = "service_settings:" + KEY_CHECK_SETTING;

	private static final Logger logger = LoggerFactory.getLogger(EncryptionKeyConfiguration.class);

	@Bean
	TokenCipher tokenCipher(AccountProperties properties, DataDirectory dataDirectory, JdbcClient jdbc) {
		String storedCheck = jdbc.sql("SELECT setting_value FROM service_settings WHERE setting_name = ?")
			.param(KEY_CHECK_SETTING)
			.query(String.class)
			.optional()
			.orElse(null);
		Path file = dataDirectory.resolve(KEY_FILE);
		String source;
		String encoded;
		if (properties.encryptionKey() != null && !properties.encryptionKey().isBlank()) {
			source = EncryptionKeyException.SETTING;
			encoded = properties.encryptionKey().strip();
		}
		else {
			source = file.toString();
			encoded = dataDirectory.readSecret(KEY_FILE).orElse(null);
			if (encoded == null) {
				if (storedCheck != null && accountsStored(jdbc)) {
					throw EncryptionKeyException.missing(source);
				}
				encoded = generateKey();
				if (!dataDirectory.createSecret(KEY_FILE, encoded)) {
					// something else of that name: never replaced
					throw EncryptionKeyException.notAFile(source);
				}
				logger.info("Generated the encryption key for account tokens in {}, readable only by its owner", file);
			}
		}
		TokenCipher cipher = new TokenCipher(decode(encoded, source));
		if (storedCheck != null && !accountsStored(jdbc) && !decrypts(cipher, storedCheck)) {
			// nothing was encrypted with the old key: the new one simply takes over
			jdbc.sql("DELETE FROM service_settings WHERE setting_name = ?").param(KEY_CHECK_SETTING).update();
			storedCheck = null;
		}
		if (storedCheck == null) {
			try {
				jdbc.sql("INSERT INTO service_settings (setting_name, setting_value) VALUES (?, ?)")
					.params(KEY_CHECK_SETTING, cipher.encrypt(KEY_CHECK_PLAINTEXT, KEY_CHECK_CONTEXT))
					.update();
			}
			catch (DuplicateKeyException ex) {
				// another replica wrote it first; it is checked on the next start
			}
		}
		else {
			if (!decrypts(cipher, storedCheck)) {
				throw EncryptionKeyException.notTheStoredOne(source, file.toString());
			}
		}
		return cipher;
	}

	private static boolean accountsStored(JdbcClient jdbc) {
		return jdbc.sql("SELECT COUNT(*) FROM accounts").query(Long.class).single() > 0;
	}

	private static boolean decrypts(TokenCipher cipher, String check) {
		try {
			cipher.decrypt(check, KEY_CHECK_CONTEXT);
			return true;
		}
		catch (TokenCipher.TokenDecryptionException ex) {
			return false;
		}
	}

	private static SecretKey decode(String encoded, String source) {
		if (encoded.isEmpty()) {
			throw EncryptionKeyException.empty(source);
		}
		byte[] key;
		try {
			key = encoded.contains("-") || encoded.contains("_") ? Base64.getUrlDecoder().decode(encoded)
					: Base64.getDecoder().decode(encoded);
		}
		catch (IllegalArgumentException ex) {
			throw EncryptionKeyException.notBase64(source);
		}
		if (key.length != 32) {
			throw EncryptionKeyException.wrongLength(source, key.length);
		}
		return new SecretKeySpec(key, "AES");
	}

	private static String generateKey() {
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		return Base64.getEncoder().encodeToString(key);
	}

}
