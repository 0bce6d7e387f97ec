package io.codexlb.account;

/**
 * Whether the service can use an account's tokens.
 */
public enum AccountStatus {

	/**
	 * The tokens work, or can be refreshed.
	 */
	ACTIVE("active"),

	/**
	 * The OAuth server refused the refresh token: someone must log in again and add the
	 * new {@code auth.json}.
	 */
	REAUTH_REQUIRED("reauth_required");

	private final String wireName;

	AccountStatus(String wireName) {
		this.wireName = wireName;
	}

	public String wireName() {
		return this.wireName;
	}

	static AccountStatus fromWireName(String value) {
		for (AccountStatus status : values()) {
			if (status.wireName.equals(value)) {
				return status;
			}
		}
		throw new IllegalArgumentException("Unknown account status '" + value + "'");
	}

}
