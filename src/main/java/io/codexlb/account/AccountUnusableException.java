package io.codexlb.account;

/**
 * An account whose tokens cannot be used now: refused by the OAuth server (someone must
 * log in again), or not refreshable at the moment.
 */
public class AccountUnusableException extends Exception {

	private final boolean reauthRequired;

	AccountUnusableException(String reason, boolean reauthRequired) {
		super(reason, null, false, false);
		this.reauthRequired = reauthRequired;
	}

	public boolean reauthRequired() {
		return this.reauthRequired;
	}

}
