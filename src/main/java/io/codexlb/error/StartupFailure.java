package io.codexlb.error;

import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * A start-up failure that an operator can cause and put right: its message says what is
 * wrong, naming the file or setting, and its action what to do. Each kind has a failure
 * analyzer that turns it into Spring Boot's short report instead of a stack trace.
 */
public abstract class StartupFailure extends RuntimeException {

	private final String action;

	protected StartupFailure(String description, String action) {
		super(description);
		this.action = action;
	}

	protected StartupFailure(String description, String action, Throwable cause) {
		super(description, cause);
		this.action = action;
	}

	public String action() {
		return this.action;
	}

	/**
	 * The report of this failure.
	 * @param rootFailure the failure of the start, logged at debug level with its causes
	 * @return the description and action
	 */
	public FailureAnalysis analysis(Throwable rootFailure) {
		return new FailureAnalysis(getMessage(), this.action, rootFailure);
	}

}
