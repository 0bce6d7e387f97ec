package io.codexlb.catalog;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import io.codexlb.logging.ThrottledWarning;
import io.codexlb.replica.ReplicaLocks;
import io.codexlb.upstream.UpstreamProperties;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the catalog's parts: the served snapshot starts as the stored one, and the
 * refresh coordinator gets a scheduler thread of its own.
 */
@Configuration(proxyBeanMethods = false)
class CatalogConfiguration {

	@Bean
	ModelCatalog modelCatalog(StoredCatalog stored) {
		// read now: a catalog that cannot be read is a start-up error
		return new ModelCatalog(stored.atStartUp());
	}

	@Bean
	CatalogFollower catalogFollower(ModelCatalog catalog, StoredCatalog stored) {
		return new CatalogFollower(catalog, stored, new ThrottledWarning(Duration.ofMinutes(1)));
	}

	@Bean
	RefreshCoordinator refreshCoordinator(ModelCatalog catalog, CatalogFollower follower, CatalogRebuilder rebuilder,
			ReplicaLocks locks, CatalogProperties properties, UpstreamProperties upstream,
			MeterRegistry meterRegistry) {
		return new RefreshCoordinator(catalog, follower, rebuilder, locks::tryLock, properties,
				new RoundDeadline(upstream.callDeadline(), properties.fetchConcurrency(), properties.refreshInterval()),
				rebuilder::accountsToFetch, refreshThread(), meterRegistry);
	}

	// not a bean, and not Boot's task scheduler: a round blocks its thread for as long as
	// the fetches take, and that scheduler's one thread runs the other scheduled jobs
	private static ScheduledExecutorService refreshThread() {
		return Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "catalog-refresh");
			thread.setDaemon(true);
			return thread;
		});
	}

}
