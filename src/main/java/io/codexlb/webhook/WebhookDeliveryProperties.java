package io.codexlb.webhook;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the webhook deliveries are sent.
 *
 * @param pollInterval how often the replica that sends looks for due deliveries
 * @param timeout the connect timeout, and the time a receiver has to answer
 * @param initialBackoff the wait before the first retry; it doubles with each retry
 * @param maxBackoff the longest wait between two attempts
 * @param maxAttempts how many attempts a delivery gets before it is marked {@code failed}
 * @param retention how long delivered and failed deliveries are kept; older ones are
 * pruned once a day
 */
@Validated
@ConfigurationProperties("codex-lb.webhook-delivery")
public record WebhookDeliveryProperties(@NotNull @DefaultValue("1s") Duration pollInterval,
		@NotNull @DefaultValue("10s") Duration timeout, @NotNull @DefaultValue("10s") Duration initialBackoff,
		@NotNull @DefaultValue("1h") Duration maxBackoff, @Min(1) @Max(100) @DefaultValue("8") int maxAttempts,
		@NotNull @DefaultValue("30d") Duration retention) {

	/**
	 * The wait after a failed attempt.
	 * @param attempts the attempts made so far, at least 1
	 * @return the initial backoff doubled for each attempt after the first, at most the
	 * maximum
	 */
	Duration backoff(int attempts) {
		Duration wait = this.initialBackoff;
		for (int i = 1; i < attempts && wait.compareTo(this.maxBackoff) < 0; i++) {
			wait = wait.multipliedBy(2);
		}
		return (wait.compareTo(this.maxBackoff) > 0) ? this.maxBackoff : wait;
	}

}
