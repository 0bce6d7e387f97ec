package io.codexlb.admin.console;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the operator console.
 *
 * @param enabled whether the console is served at {@code /console/}
 * @param idleTimeout how long a console session lasts without a request
 * @param absoluteTimeout how long a console session lasts after its sign-in, however busy
 * @param maxFailedSignIns how many failed sign-ins a client address may make in the
 * window before its next ones are refused without checking the key
 * @param failedSignInWindow the window the failed sign-ins are counted over
 */
@Validated
@ConfigurationProperties("codex-lb.console")
public record ConsoleProperties(@DefaultValue("true") boolean enabled,
		@NotNull @DefaultValue("30m") Duration idleTimeout, @NotNull @DefaultValue("12h") Duration absoluteTimeout,
		@Min(1) @Max(1000) @DefaultValue("10") int maxFailedSignIns,
		@NotNull @DefaultValue("15m") Duration failedSignInWindow) {

	public ConsoleProperties {
		if (idleTimeout.toSeconds() < 60 || absoluteTimeout.compareTo(idleTimeout) < 0) {
			throw new IllegalArgumentException("codex-lb.console.idle-timeout must be at least 1m and no longer than "
					+ "codex-lb.console.absolute-timeout, not " + idleTimeout + " and " + absoluteTimeout);
		}
		if (failedSignInWindow.toSeconds() < 1) {
			throw new IllegalArgumentException(
					"codex-lb.console.failed-sign-in-window must be at least 1s, not " + failedSignInWindow);
		}
	}

}
