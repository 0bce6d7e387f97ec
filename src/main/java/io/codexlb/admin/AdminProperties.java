package io.codexlb.admin;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the admin API.
 *
 * @param maxRequestSize the largest request body an admin route reads; a larger one is
 * refused with 413 before it is parsed
 * @param requestBodyTimeout how long an admin request body may take to arrive, counted
 * from when the service starts reading it; a body still arriving after that, or one that
 * stops arriving for that long, is refused with 408 and its connection closed
 */
@Validated
@ConfigurationProperties("codex-lb.admin")
public record AdminProperties(@NotNull @DefaultValue("64KB") DataSize maxRequestSize,
		@NotNull @DefaultValue("10s") Duration requestBodyTimeout) {

	public AdminProperties {
		// Tomcat takes the read timeout in whole milliseconds, and 0 as no timeout
		if (requestBodyTimeout.toMillis() < 1 || requestBodyTimeout.toMillis() > Integer.MAX_VALUE) {
			throw new IllegalArgumentException(
					"codex-lb.admin.request-body-timeout must be between 1ms and 24d, not " + requestBodyTimeout);
		}
	}

}
