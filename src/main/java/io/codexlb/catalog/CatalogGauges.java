package io.codexlb.catalog;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * The catalog's gauges: how many models the served snapshot has, and how long ago an
 * account confirmed the catalog.
 */
@Component
class CatalogGauges implements MeterBinder {

	private final ModelCatalog catalog;

	private final RefreshCoordinator coordinator;

	private final Clock clock;

	CatalogGauges(ModelCatalog catalog, RefreshCoordinator coordinator, Clock clock) {
		this.catalog = catalog;
		this.coordinator = coordinator;
		this.clock = clock;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder("codex_lb_catalog_models", () -> this.catalog.current().codexOrdered().size())
			.description("Models in the current catalog snapshot")
			.register(registry);
		Gauge.builder("codex_lb_catalog_bootstrap_accounts", this::bootstrapAccounts)
			.description("Enabled accounts the served bootstrap catalog stands in for (0 unless it is served)")
			.register(registry);
		Gauge.builder("codex_lb_catalog_age_seconds", this::ageSeconds)
			.description("Seconds since the catalog was last confirmed by an account's good answer "
					+ "(since it was built, before any)")
			.register(registry);
		Gauge
			.builder("codex_lb_catalog_refresh_lock_max_seconds",
					() -> this.coordinator.lastLockAtMostFor().toMillis() / 1000.0)
			.description("How long the refresh lock of the last round this replica ran was taken for at most: "
					+ "its fetch budget and the time to store (0 before the first)")
			.register(registry);
	}

	private int bootstrapAccounts() {
		CatalogSnapshot snapshot = this.catalog.current();
		return (snapshot.source() == CatalogSnapshot.Source.BOOTSTRAP) ? snapshot.standInAccounts().size() : 0;
	}

	private double ageSeconds() {
		RefreshRound round = this.coordinator.lastRound().orElse(null);
		@Nullable Instant confirmedAt = (round != null) ? round.confirmedAt() : null;
		Instant since = (confirmedAt != null) ? confirmedAt : this.catalog.current().builtAt();
		return Duration.between(since, this.clock.instant()).toMillis() / 1000.0;
	}

}
