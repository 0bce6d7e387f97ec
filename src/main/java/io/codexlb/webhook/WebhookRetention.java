package io.codexlb.webhook;

import java.time.Clock;

import io.codexlb.replica.ReplicaLocks;

import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * Once a day one replica prunes the deliveries that are done (delivered or failed) and
 * older than the retention; pending ones stay until they are done.
 */
@Component
class WebhookRetention implements SchedulingConfigurer {

	static final String RETENTION_LOCK = "webhook-delivery-retention";

	private final WebhookDeliveryStore store;

	private final ReplicaLocks locks;

	private final Clock clock;

	private final WebhookDeliveryProperties properties;

	WebhookRetention(WebhookDeliveryStore store, ReplicaLocks locks, Clock clock,
			WebhookDeliveryProperties properties) {
		this.store = store;
		this.locks = locks;
		this.clock = clock;
		this.properties = properties;
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		registrar.addFixedDelayTask(this::pruneOnceADay, ReplicaLocks.DAILY_CHECK_INTERVAL);
	}

	/**
	 * Prunes the done deliveries past the retention, when no replica did in the last day.
	 * @return how many were removed, or -1 when another replica did it
	 */
	int pruneOnceADay() {
		return this.locks.pruneOnceADay(RETENTION_LOCK, "webhook deliveries",
				() -> this.clock.instant().minus(this.properties.retention()), this.store::pruneDone);
	}

}
