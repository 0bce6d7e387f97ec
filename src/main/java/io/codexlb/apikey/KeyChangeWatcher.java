package io.codexlb.apikey;

import java.time.Duration;

import io.codexlb.logging.ThrottledWarning;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * Drops the cached keys when another replica changed one: a key disabled, deleted,
 * regenerated or re-scoped anywhere is enforced here within the poll interval. While the
 * database is unreachable the cache is kept, and its entries still expire after the cache
 * TTL.
 */
@Component
class KeyChangeWatcher implements SchedulingConfigurer {

	private static final Logger logger = LoggerFactory.getLogger(KeyChangeWatcher.class);

	private final ApiKeyStore store;

	private final ApiKeyResolver resolver;

	private long seenVersion = -1;

	private final ThrottledWarning storeWarning = new ThrottledWarning(Duration.ofMinutes(1));

	private final Duration pollInterval;

	KeyChangeWatcher(ApiKeyStore store, ApiKeyResolver resolver, ApiKeyProperties properties) {
		this.store = store;
		this.resolver = resolver;
		this.pollInterval = properties.changePollInterval();
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		registrar.addFixedDelayTask(this::poll, this.pollInterval);
	}

	void poll() {
		long version;
		try {
			version = this.store.changeVersion();
		}
		catch (DataAccessException ex) {
			if (this.storeWarning.due()) {
				logger.warn("Cannot check for key changes made elsewhere: {}", ex.getClass().getSimpleName());
			}
			return;
		}
		if (this.seenVersion >= 0 && version != this.seenVersion) {
			this.resolver.invalidateAll();
		}
		this.seenVersion = version;
	}

}
