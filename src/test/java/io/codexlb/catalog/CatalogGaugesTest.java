package io.codexlb.catalog;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.codexlb.logging.ThrottledWarning;
import io.codexlb.support.ManualScheduler;
import io.codexlb.support.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static io.codexlb.catalog.TestSnapshots.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The catalog's gauges, read after rounds of a coordinator on a scheduler that runs when
 * the test moves the clock.
 */
class CatalogGaugesTest {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final MutableClock clock = new MutableClock();

	private final ManualScheduler scheduler = new ManualScheduler(this.clock);

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final ModelCatalog catalog = new ModelCatalog(snapshot(0, CatalogSnapshot.Source.BOOTSTRAP, 3));

	private CatalogRefresher.FetchOutcome answer = CatalogRefresher.FetchOutcome.fetched(json.readTree("[]"), 0);

	private final RefreshCoordinator coordinator = new RefreshCoordinator(this.catalog,
			new CatalogFollower(this.catalog, new FakeStoredSnapshots(), new ThrottledWarning(Duration.ofMinutes(1))),
			(current, previous, budget) -> new RefreshCoordinator.Rebuilt(
					snapshot(1, CatalogSnapshot.Source.UPSTREAM, 5),
					RefreshRound.after(previous, Map.of("account", this.answer), this.clock.instant())),
			(name, atMost, atLeast) -> Optional.of(() -> {
			}),
			new CatalogProperties("codex-lb", true, "classpath:catalog/bootstrap-models.json", 1024,
					Duration.ofMinutes(5), Duration.ofHours(24), 4, Map.of(), Duration.ofSeconds(2),
					Duration.ofDays(90)),
			new RoundDeadline(Duration.ofSeconds(10), 4, Duration.ofMinutes(5)), () -> 1, this.scheduler, this.meters);

	@Test
	void modelsShouldCountTheModelsOfTheServedSnapshot() {
		new CatalogGauges(this.catalog, this.coordinator, this.clock).bindTo(this.meters);
		assertThat(gauge("codex_lb_catalog_models")).isEqualTo(3);
		this.catalog.serve(snapshot(1, CatalogSnapshot.Source.UPSTREAM, 4));
		assertThat(gauge("codex_lb_catalog_models")).isEqualTo(4);
	}

	@Test
	void ageShouldCountFromTheLastRoundAnAccountConfirmedOrFromTheBuildBeforeAny() {
		new CatalogGauges(this.catalog, this.coordinator, this.clock).bindTo(this.meters);
		this.clock.advance(Duration.ofMillis(90_500));
		assertThat(gauge("codex_lb_catalog_age_seconds")).isEqualTo(90.5);
		this.coordinator.requestRefresh();
		this.scheduler.runDue();
		assertThat(gauge("codex_lb_catalog_age_seconds")).isZero();
		this.clock.advance(Duration.ofSeconds(30));
		this.answer = CatalogRefresher.FetchOutcome.failed("HTTP 503");
		this.coordinator.requestRefresh();
		this.scheduler.runDue();
		assertThat(gauge("codex_lb_catalog_age_seconds")).isEqualTo(30);
	}

	@Test
	void lockAndDurationShouldDescribeTheRoundsThisReplicaRan() {
		new CatalogGauges(this.catalog, this.coordinator, this.clock).bindTo(this.meters);
		assertThat(gauge("codex_lb_catalog_refresh_lock_max_seconds")).isZero();
		this.coordinator.requestRefresh();
		this.scheduler.runDue();
		// one wave of three calls of 10 s, and 30 s to store
		assertThat(gauge("codex_lb_catalog_refresh_lock_max_seconds")).isEqualTo(60);
		assertThat(this.meters.get("codex_lb_catalog_round_duration").timer().count()).isEqualTo(1);
	}

	@Test
	void bootstrapAccountsShouldCountTheAccountsTheBootstrapCatalogStandsInForAndZeroOtherwise() {
		new CatalogGauges(this.catalog, this.coordinator, this.clock).bindTo(this.meters);
		assertThat(gauge("codex_lb_catalog_bootstrap_accounts")).isZero();
		this.catalog.serve(new CatalogSnapshot(1, 99, MutableClock.START, CatalogSnapshot.Source.BOOTSTRAP, "hash",
				List.of(), List.of("account-1", "account-2")));
		assertThat(gauge("codex_lb_catalog_bootstrap_accounts")).isEqualTo(2);
		this.catalog.serve(snapshot(2, CatalogSnapshot.Source.UPSTREAM, 4));
		assertThat(gauge("codex_lb_catalog_bootstrap_accounts")).isZero();
	}

	private double gauge(String name) {
		return this.meters.get(name).gauge().value();
	}

}
