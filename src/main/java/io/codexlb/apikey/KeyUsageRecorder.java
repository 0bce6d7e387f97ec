package io.codexlb.apikey;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * Records when each key was last used, in memory on the request path, and writes the
 * times to the store in batches so that no request waits for a database write.
 */
@Component
class KeyUsageRecorder implements SchedulingConfigurer {

	private static final Logger logger = LoggerFactory.getLogger(KeyUsageRecorder.class);

	private final ApiKeyStore store;

	private final Clock clock;

	private final Duration flushInterval;

	private final ConcurrentHashMap<String, Instant> pending = new ConcurrentHashMap<>();

	KeyUsageRecorder(ApiKeyStore store, Clock clock, ApiKeyProperties properties) {
		this.store = store;
		this.clock = clock;
		this.flushInterval = properties.lastUsedFlushInterval();
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		registrar.addFixedDelayTask(this::flush, this.flushInterval);
	}

	void recordUse(String keyId) {
		this.pending.put(keyId, this.clock.instant().truncatedTo(ChronoUnit.SECONDS));
	}

	@PreDestroy
	void flush() {
		if (this.pending.isEmpty()) {
			return;
		}
		Map<String, Instant> batch = new HashMap<>();
		for (String keyId : this.pending.keySet()) {
			Instant usedAt = this.pending.remove(keyId);
			if (usedAt != null) {
				batch.put(keyId, usedAt);
			}
		}
		try {
			this.store.recordLastUsed(batch);
		}
		catch (DataAccessException ex) {
			batch.forEach(this.pending::putIfAbsent);
			logger.warn("Could not record the last use of {} API keys; will retry: {}", batch.size(),
					ex.getClass().getSimpleName());
		}
	}

}
