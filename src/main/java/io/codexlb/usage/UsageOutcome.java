package io.codexlb.usage;

import org.jspecify.annotations.Nullable;

/**
 * How a counted request was answered; each is a column of the hourly counts.
 */
public enum UsageOutcome {

	/** 200: the list or the model. */
	OK("ok"),

	/** 304: the client's copy is current. */
	NOT_MODIFIED("not_modified"),

	/** 404: no such model, or not for this key. */
	NOT_FOUND("not_found"),

	/** 429: the key's rate limit turned it away. */
	RATE_LIMITED("rate_limited"),

	/** 503: the rate limiter could not decide. */
	UNAVAILABLE("unavailable");

	private final String wireName;

	UsageOutcome(String wireName) {
		this.wireName = wireName;
	}

	/**
	 * The outcome's name in the answers and its column in the database.
	 * @return the name
	 */
	public String wireName() {
		return this.wireName;
	}

	/**
	 * The outcome of a status.
	 * @param status the answer's status
	 * @return the outcome, or {@code null} for a status that is not counted (such as a
	 * 405)
	 */
	public static @Nullable UsageOutcome ofStatus(int status) {
		return switch (status) {
			case 200 -> OK;
			case 304 -> NOT_MODIFIED;
			case 404 -> NOT_FOUND;
			case 429 -> RATE_LIMITED;
			case 503 -> UNAVAILABLE;
			default -> null;
		};
	}

}
