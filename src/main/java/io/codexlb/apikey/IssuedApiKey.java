package io.codexlb.apikey;

/**
 * A key record together with its plaintext key, which is shown this once.
 *
 * @param record the key record
 * @param plaintext the key itself
 */
public record IssuedApiKey(ApiKey record, String plaintext) {

	@Override
	public String toString() {
		return "IssuedApiKey[record=" + this.record + ", plaintext=<redacted>]";
	}

}
