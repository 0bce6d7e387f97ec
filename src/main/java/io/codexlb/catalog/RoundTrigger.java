package io.codexlb.catalog;

/**
 * Why a refresh round runs, as the {@code trigger} tag of {@code codex_lb_catalog_rounds}
 * names it.
 */
enum RoundTrigger {

	/**
	 * The refresh interval passed: skipped when another replica ran a round in it.
	 */
	SCHEDULED("scheduled"),

	/**
	 * An account changed, or an admin asked: waits for another replica's round.
	 */
	REQUESTED("requested");

	private final String tagValue;

	RoundTrigger(String tagValue) {
		this.tagValue = tagValue;
	}

	String tagValue() {
		return this.tagValue;
	}

}
