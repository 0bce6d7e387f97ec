package io.codexlb.support;

import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test, or a test class, during which {@link Secrets} found a secret in a log
 * line, an exception, a response body or a metric. Registered for every test through
 * JUnit's extension auto-detection.
 */
public class LeakDetectionExtension implements AfterEachCallback, AfterAllCallback {

	@Override
	public void afterEach(ExtensionContext context) {
		failOnLeaks("during (or just before) " + context.getDisplayName());
	}

	@Override
	public void afterAll(ExtensionContext context) {
		failOnLeaks("in " + context.getDisplayName() + " outside its tests");
	}

	static void failOnLeaks(String when) {
		List<Secrets.Leak> leaks = Secrets.drain();
		if (!leaks.isEmpty()) {
			throw new AssertionError("Secrets leaked " + when + ":" + System.lineSeparator()
					+ leaks.stream().map(Secrets.Leak::toString).collect(Collectors.joining(System.lineSeparator())));
		}
	}

	/**
	 * Fails when a leak was found; for test engines other than JUnit Jupiter (jqwik).
	 * @param when when, for the failure message
	 */
	public static void assertNoLeaks(String when) {
		failOnLeaks(when);
	}

}
