package io.codexlb.webhook;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.codexlb.replica.ReplicaLocks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionException;

/**
 * Once a day one replica prunes the deliveries that are done (delivered or failed) and
 * older than the retention; pending ones stay until they are done.
 */
@Component
class WebhookRetention implements SchedulingConfigurer {

	private static final Logger logger = LoggerFactory.getLogger(WebhookRetention.class);

	static final String RETENTION_LOCK = "webhook-delivery-retention";

	static final Duration RETENTION_CHECK_INTERVAL = Duration.ofHours(1);

	static final Duration RETENTION_PERIOD = Duration.ofHours(23);

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
		registrar.addFixedDelayTask(this::pruneOnceADay, RETENTION_CHECK_INTERVAL);
	}

	/**
	 * Prunes the done deliveries past the retention, when no replica did in the last day.
	 * @return how many were removed, or -1 when another replica did it
	 */
	int pruneOnceADay() {
		try {
			return this.locks.oncePer(RETENTION_LOCK, RETENTION_PERIOD, () -> {
				Instant before = this.clock.instant().minus(this.properties.retention());
				int removed = this.store.pruneDone(before);
				logger.info("Pruned {} webhook deliveries before {}", removed, before);
				return removed;
			}).orElse(-1);
		}
		catch (DataAccessException | TransactionException ex) {
			logger.warn("Could not prune the webhook deliveries; the next try is in a day at the latest: {}",
					ex.getClass().getSimpleName());
			return -1;
		}
	}

}
