package io.codexlb.catalog;

/**
 * Why a key does not see a model in the {@code data} list of the models routes, or not in
 * the Codex CLI's array: the fixed vocabulary of the catalog explanation.
 */
public enum CatalogReason {

	/**
	 * The key's {@code allowed_models} does not have it: in neither list.
	 */
	NOT_IN_ALLOWED_MODELS("not_in_allowed_models"),

	/**
	 * No account the key is bound to serves it: in neither list.
	 */
	NOT_SERVED_BY_BOUND_ACCOUNTS("not_served_by_bound_accounts"),

	/**
	 * The upstream says it is not available through API endpoints: not in {@code data}.
	 */
	NOT_SUPPORTED_IN_API("not_supported_in_api"),

	/**
	 * The upstream's visibility is {@code hide}: not in {@code data}.
	 */
	VISIBILITY_HIDE("visibility_hide"),

	/**
	 * The upstream's visibility is {@code none}: not in {@code data}.
	 */
	VISIBILITY_NONE("visibility_none"),

	/**
	 * The operator's override hides it: not in {@code data}, hidden in the Codex CLI.
	 */
	HIDDEN_BY_OVERRIDE("hidden_by_override"),

	/**
	 * Only a disabled account's last list has it: not in the catalog.
	 */
	ACCOUNT_DISABLED("account_disabled"),

	/**
	 * Only lists older than {@code codex-lb.catalog.max-age} (their accounts' fetches
	 * fail) have it: not in the catalog.
	 */
	ACCOUNT_DATA_STALE("account_data_stale"),

	/**
	 * An enabled account's current list has it, and the catalog is not yet rebuilt from
	 * that list: the next refresh round adds it.
	 */
	REFRESH_PENDING("refresh_pending");

	private final String wireName;

	CatalogReason(String wireName) {
		this.wireName = wireName;
	}

	public String wireName() {
		return this.wireName;
	}

}
