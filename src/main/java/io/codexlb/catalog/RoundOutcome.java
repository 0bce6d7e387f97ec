package io.codexlb.catalog;

/**
 * What a refresh round came to, as the {@code outcome} tag of
 * {@code codex_lb_catalog_rounds} names it.
 */
enum RoundOutcome {

	/**
	 * It held the refresh lock and fetched the accounts' lists.
	 */
	RAN("ran"),

	/**
	 * A scheduled round that another replica already ran in this interval.
	 */
	SKIPPED("skipped"),

	/**
	 * Another replica held the refresh lock: the round serves what that replica stored.
	 */
	FOLLOWED("followed");

	private final String tagValue;

	RoundOutcome(String tagValue) {
		this.tagValue = tagValue;
	}

	String tagValue() {
		return this.tagValue;
	}

}
