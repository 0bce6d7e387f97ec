package io.codexlb.account;

import io.codexlb.error.StartupFailure;

/**
 * The encryption key of the account tokens is missing, malformed, or not the key the
 * stored tokens were encrypted with.
 */
class EncryptionKeyException extends StartupFailure {

	static final String SETTING = "codex-lb.encryption-key (CODEX_LB_ENCRYPTION_KEY)";

	private static final String FORMAT = "the base64 of 32 random bytes, such as `openssl rand -base64 32` makes";

	private EncryptionKeyException(String description, String action) {
		super(description, action);
	}

	static EncryptionKeyException missing(String file) {
		return new EncryptionKeyException(
				"Account tokens are stored encrypted, but no encryption key is configured: " + SETTING
						+ " is not set and " + file + " does not exist.",
				"Restore " + file + " from a backup, or set " + SETTING
						+ " to the key the tokens were encrypted with.");
	}

	static EncryptionKeyException empty(String source) {
		return new EncryptionKeyException("The encryption key from " + source + " is empty.",
				"Restore " + source + " from a backup, or set " + SETTING + " to the key the stored tokens were "
						+ "encrypted with. A new key is generated only where no key file exists.");
	}

	static EncryptionKeyException notAFile(String file) {
		return new EncryptionKeyException("The encryption key file " + file + " exists but is not a regular file.",
				"Put the key file back as a regular file, or set " + SETTING + " to the key.");
	}

	static EncryptionKeyException notBase64(String source) {
		return new EncryptionKeyException("The encryption key from " + source + " is not valid base64.",
				"Set " + source + " to " + FORMAT + ". Once account tokens are stored, it must be the key they were "
						+ "encrypted with.");
	}

	static EncryptionKeyException wrongLength(String source, int length) {
		return new EncryptionKeyException(
				"The encryption key from " + source + " must be 32 bytes (" + FORMAT + "), not " + length + ".",
				"Set " + source + " to " + FORMAT + ". Once account tokens are stored, it must be the key they were "
						+ "encrypted with.");
	}

	static EncryptionKeyException notTheStoredOne(String source, String file) {
		return new EncryptionKeyException(
				"The encryption key from " + source + " is not the key the stored account tokens were encrypted with.",
				"Configure the original key: " + SETTING + ", or the file " + file + " when that is not set. "
						+ "To change the key, remove the accounts first (see \"Rotating the encryption key\" in "
						+ "docs/security.md).");
	}

}
