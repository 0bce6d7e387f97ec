package io.codexlb.logging;

/**
 * The keys of the logging context (MDC) that the service sets.
 */
public final class LoggingContext {

	/**
	 * The request's {@code X-Request-Id}, set for the whole request on every route.
	 */
	public static final String REQUEST_ID = "request_id";

	private LoggingContext() {
	}

}
