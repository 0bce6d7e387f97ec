package io.codexlb.catalog;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.codexlb.account.AccountsChangedEvent;
import io.codexlb.error.ApiException;
import io.codexlb.logging.ThrottledWarning;
import io.codexlb.support.ManualScheduler;
import io.codexlb.support.MutableClock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpStatus;

import static io.codexlb.catalog.TestSnapshots.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The refresh coordinator on a scheduler that runs when the test moves the clock, with
 * fake locks, stored snapshots and round work.
 */
@ExtendWith(OutputCaptureExtension.class)
class RefreshCoordinatorTest {

	// one wave of three calls of 10 s fits in 30 s; the cap is half the refresh interval
	private static final RoundDeadline DEADLINE = new RoundDeadline(Duration.ofSeconds(10), 4, Duration.ofMinutes(5));

	private static final Duration REFRESH_INTERVAL = Duration.ofMinutes(5);

	private static final Duration FOLLOW_INTERVAL = Duration.ofSeconds(2);

	private static final String REFRESH_LOCK_ATTEMPT = "catalog-refresh PT1M PT0S";

	private final MutableClock clock = new MutableClock();

	private final ManualScheduler scheduler = new ManualScheduler(this.clock);

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final CatalogSnapshot bootstrap = snapshot(0, CatalogSnapshot.Source.BOOTSTRAP);

	private final ModelCatalog catalog = new ModelCatalog(this.bootstrap);

	private final FakeStoredSnapshots stored = new FakeStoredSnapshots();

	private final FakeLocks locks = new FakeLocks();

	private int accounts = 1;

	private final Work work = new Work();

	private final RefreshCoordinator coordinator = new RefreshCoordinator(this.catalog,
			new CatalogFollower(this.catalog, this.stored, new ThrottledWarning(Duration.ofMinutes(1))), this.work,
			this.locks, properties(), DEADLINE, () -> this.accounts, this.scheduler, this.meters);

	@Test
	void requestWhenARoundWaitsToStartShouldShareIt() {
		CompletableFuture<CatalogSnapshot> first = this.coordinator.requestRefresh();
		CompletableFuture<CatalogSnapshot> second = this.coordinator.requestRefresh();
		assertThat(second).isSameAs(first);
		assertThat(first).isNotDone();
		this.scheduler.runDue();
		assertThat(first).isCompletedWithValue(this.catalog.current());
		assertThat(this.catalog.current().version()).isEqualTo(1);
		assertThat(this.work.seen).containsExactly(this.bootstrap);
		assertThat(rounds("requested", "ran")).isEqualTo(1);
		assertThat(this.locks.attempts()).containsExactly(REFRESH_LOCK_ATTEMPT);
		assertThat(this.locks.released()).containsExactly(RefreshCoordinator.REFRESH_LOCK);
		assertThat(this.coordinator.lastRound()).get()
			.extracting(RefreshRound::finishedAt)
			.isEqualTo(this.clock.instant());
	}

	@Test
	void requestWhileARoundRunsShouldGetTheRoundAfterIt() {
		List<CompletableFuture<CatalogSnapshot>> during = new ArrayList<>();
		this.work.during = () -> {
			if (during.isEmpty()) {
				during.add(this.coordinator.requestRefresh());
			}
		};
		CompletableFuture<CatalogSnapshot> first = this.coordinator.requestRefresh();
		this.scheduler.runDue();
		assertThat(during).singleElement().isNotSameAs(first);
		assertThat(first).isCompletedWithValueMatching((snapshot) -> snapshot.version() == 1);
		assertThat(during.get(0)).isCompletedWithValueMatching((snapshot) -> snapshot.version() == 2);
		assertThat(this.work.seen).extracting(CatalogSnapshot::version).containsExactly(0L, 1L);
		assertThat(rounds("requested", "ran")).isEqualTo(2);
	}

	@Test
	void requestWhenAScheduledRoundWaitsToStartShouldMakeItAnAskedForRound() {
		CompletableFuture<CatalogSnapshot> scheduled = this.coordinator.request(RoundTrigger.SCHEDULED);
		CompletableFuture<CatalogSnapshot> asked = this.coordinator.requestRefresh();
		assertThat(asked).isSameAs(scheduled);
		assertThat(this.coordinator.request(RoundTrigger.SCHEDULED)).isSameAs(asked);
		this.scheduler.runDue();
		assertThat(rounds("requested", "ran")).isEqualTo(1);
		assertThat(rounds("scheduled", "ran")).isZero();
		assertThat(this.locks.attempts()).containsExactly(REFRESH_LOCK_ATTEMPT);
	}

	@Test
	void startShouldRunAScheduledRoundNowAndOneEveryRefreshIntervalHoldingBothLocks() {
		this.coordinator.start();
		this.scheduler.runDue();
		assertThat(rounds("scheduled", "ran")).isEqualTo(1);
		assertThat(this.locks.attempts()).containsExactly("catalog-refresh-schedule PT4M PT4M", REFRESH_LOCK_ATTEMPT);
		assertThat(this.locks.released()).containsExactly(RefreshCoordinator.REFRESH_LOCK,
				RefreshCoordinator.SCHEDULE_LOCK);
		this.scheduler.advance(REFRESH_INTERVAL.minusMillis(1));
		assertThat(rounds("scheduled", "ran")).isEqualTo(1);
		this.scheduler.advance(Duration.ofMillis(1));
		assertThat(rounds("scheduled", "ran")).isEqualTo(2);
	}

	@Test
	void startShouldFollowTheStoredCatalogEveryFollowInterval() {
		this.coordinator.start();
		this.scheduler.runDue();
		assertThat(this.catalog.current().version()).isEqualTo(1);
		CatalogSnapshot newer = snapshot(5, CatalogSnapshot.Source.UPSTREAM);
		this.stored.store(newer);
		this.scheduler.advance(FOLLOW_INTERVAL.minusMillis(1));
		assertThat(this.catalog.current().version()).isEqualTo(1);
		this.scheduler.advance(Duration.ofMillis(1));
		assertThat(this.catalog.current()).isSameAs(newer);
	}

	@Test
	void accountsChangedShouldAskForARound() {
		this.coordinator.accountsChanged(new AccountsChangedEvent("account"));
		this.scheduler.runDue();
		assertThat(rounds("requested", "ran")).isEqualTo(1);
	}

	@Test
	void scheduledRoundWhenAnotherReplicaRanOneInThisIntervalShouldBeSkippedAndServeWhatItStored() {
		this.locks.holdElsewhere(RefreshCoordinator.SCHEDULE_LOCK);
		CatalogSnapshot newer = snapshot(7, CatalogSnapshot.Source.UPSTREAM);
		this.stored.store(newer);
		CompletableFuture<CatalogSnapshot> round = this.coordinator.request(RoundTrigger.SCHEDULED);
		this.scheduler.runDue();
		assertThat(round).isCompletedWithValue(newer);
		assertThat(this.catalog.current()).isSameAs(newer);
		assertThat(rounds("scheduled", "skipped")).isEqualTo(1);
		assertThat(this.work.seen).isEmpty();
		assertThat(this.locks.attempts()).containsExactly("catalog-refresh-schedule PT4M PT4M");
	}

	@Test
	void scheduledRoundWhenAnotherReplicaHoldsTheRefreshLockShouldFollowAtOnce(CapturedOutput output) {
		this.locks.holdElsewhere(RefreshCoordinator.REFRESH_LOCK);
		CatalogSnapshot newer = snapshot(7, CatalogSnapshot.Source.UPSTREAM);
		this.stored.store(newer);
		CompletableFuture<CatalogSnapshot> round = this.coordinator.request(RoundTrigger.SCHEDULED);
		this.scheduler.runDue();
		assertThat(round).isCompletedWithValue(newer);
		assertThat(rounds("scheduled", "followed")).isEqualTo(1);
		assertThat(this.locks.released()).containsExactly(RefreshCoordinator.SCHEDULE_LOCK);
		assertThat(this.scheduler.waiting()).isZero();
		assertThat(output).contains("Another replica is refreshing the catalog; following it");
	}

	@Test
	void askedForRoundWhenAnotherReplicaHoldsTheRefreshLockShouldTryAgainUntilItIsFree() {
		this.locks.holdElsewhere(RefreshCoordinator.REFRESH_LOCK);
		CompletableFuture<CatalogSnapshot> round = this.coordinator.requestRefresh();
		this.scheduler.runDue();
		this.scheduler.advance(Duration.ofSeconds(10));
		assertThat(round).isNotDone();
		// at once, then every 250 ms
		assertThat(this.locks.attempts()).hasSize(41).containsOnly(REFRESH_LOCK_ATTEMPT);
		this.locks.releaseElsewhere(RefreshCoordinator.REFRESH_LOCK);
		this.scheduler.advance(RefreshCoordinator.LOCK_RETRY_DELAY);
		assertThat(round).isCompletedWithValueMatching((snapshot) -> snapshot.version() == 1);
		assertThat(rounds("requested", "ran")).isEqualTo(1);
		assertThat(rounds("requested", "followed")).isZero();
		assertThat(this.scheduler.waiting()).as("the give-up, cancelled").isZero();
	}

	@Test
	void refreshLockShouldLastAsLongAsTheRoundsFetchesMayTakeAndTheStore() {
		this.accounts = 8;
		this.coordinator.requestRefresh();
		this.scheduler.runDue();
		// two waves of four accounts, each of three calls of at most 10 s, and 30 s to
		// store
		assertThat(this.locks.attempts()).containsExactly("catalog-refresh PT1M30S PT0S");
		assertThat(this.work.budgets).containsExactly(Duration.ofSeconds(60));
		this.accounts = 400;
		this.coordinator.requestRefresh();
		this.scheduler.runDue();
		// a hundred waves are cut at half the refresh interval
		assertThat(this.locks.attempts()).endsWith("catalog-refresh PT3M PT0S");
		assertThat(this.work.budgets).endsWith(Duration.ofMinutes(2).plusSeconds(30));
	}

	@Test
	void askedForRoundWhenAnotherReplicaHoldsTheRefreshLockForHalfTheDeadlineShouldFollow() {
		this.locks.holdElsewhere(RefreshCoordinator.REFRESH_LOCK);
		CatalogSnapshot newer = snapshot(7, CatalogSnapshot.Source.UPSTREAM);
		this.stored.store(newer);
		CompletableFuture<CatalogSnapshot> round = this.coordinator.requestRefresh();
		this.scheduler.runDue();
		this.scheduler.advance(DEADLINE.longest().dividedBy(2).minusMillis(1));
		assertThat(round).isNotDone();
		assertThat(this.catalog.current()).isSameAs(this.bootstrap);
		this.scheduler.advance(Duration.ofMillis(1));
		assertThat(round).isCompletedWithValue(newer);
		assertThat(rounds("requested", "followed")).isEqualTo(1);
		assertThat(this.work.seen).isEmpty();
		assertThat(this.scheduler.waiting()).as("the retry, cancelled").isZero();
		assertThatExceptionOfType(ApiException.class).isThrownBy(() -> this.coordinator.awaitRound(round))
			.satisfies((ex) -> assertThat(ex.error().status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE))
			.withMessage("The catalog refresh did not run.");
	}

	@Test
	void requestsWhileARoundWaitsForTheLockShouldShareTheRoundAfterIt() {
		this.locks.holdElsewhere(RefreshCoordinator.REFRESH_LOCK);
		CompletableFuture<CatalogSnapshot> first = this.coordinator.requestRefresh();
		this.scheduler.runDue();
		CompletableFuture<CatalogSnapshot> second = this.coordinator.requestRefresh();
		assertThat(this.coordinator.requestRefresh()).isSameAs(second).isNotSameAs(first);
		this.locks.releaseElsewhere(RefreshCoordinator.REFRESH_LOCK);
		this.scheduler.advance(RefreshCoordinator.LOCK_RETRY_DELAY);
		assertThat(first).isCompletedWithValueMatching((snapshot) -> snapshot.version() == 1);
		assertThat(second).isCompletedWithValueMatching((snapshot) -> snapshot.version() == 2);
		assertThat(rounds("requested", "ran")).isEqualTo(2);
	}

	@Test
	void roundWhenTheWorkFailsShouldKeepTheServedSnapshotAndFailItsRequest(CapturedOutput output) {
		this.work.failure = new IllegalStateException("the fetch broke");
		CompletableFuture<CatalogSnapshot> failed = this.coordinator.requestRefresh();
		this.scheduler.runDue();
		assertThat(failed).isCompletedExceptionally();
		assertThat(this.catalog.current()).isSameAs(this.bootstrap);
		assertThat(this.coordinator.lastRound()).isEmpty();
		assertThat(this.locks.released()).containsExactly(RefreshCoordinator.REFRESH_LOCK);
		assertThat(output).contains("A catalog refresh round failed, still serving version 0: "
				+ "java.lang.IllegalStateException: the fetch broke");
		assertThatExceptionOfType(ApiException.class).isThrownBy(() -> this.coordinator.awaitRound(failed))
			.satisfies((ex) -> assertThat(ex.error().status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE))
			.withMessage("The catalog refresh failed; the current catalog is still served.");
		this.work.failure = null;
		CompletableFuture<CatalogSnapshot> next = this.coordinator.requestRefresh();
		this.scheduler.runDue();
		assertThat(next)
			.isCompletedWithValueMatching((snapshot) -> snapshot.source() == CatalogSnapshot.Source.UPSTREAM);
		assertThat(this.coordinator.awaitRound(next)).isSameAs(this.coordinator.lastRound().orElseThrow());
	}

	@Test
	void roundWhenTheDatabaseFailsWhileFollowingShouldKeepTheServedSnapshotAndFailItsRequest() {
		this.locks.holdElsewhere(RefreshCoordinator.SCHEDULE_LOCK);
		this.stored.fail(new DataAccessResourceFailureException("connection refused"));
		CompletableFuture<CatalogSnapshot> round = this.coordinator.request(RoundTrigger.SCHEDULED);
		this.scheduler.runDue();
		assertThat(round).isCompletedExceptionally();
		assertThat(this.catalog.current()).isSameAs(this.bootstrap);
		this.stored.fail(null);
		CompletableFuture<CatalogSnapshot> next = this.coordinator.request(RoundTrigger.SCHEDULED);
		this.scheduler.runDue();
		assertThat(next).isCompletedWithValue(this.bootstrap);
		assertThat(rounds("scheduled", "skipped")).isEqualTo(2);
	}

	@Test
	void awaitRoundShouldReturnTheLastRoundThatRan() {
		CompletableFuture<CatalogSnapshot> round = this.coordinator.requestRefresh();
		this.scheduler.runDue();
		RefreshRound last = this.coordinator.awaitRound(round);
		assertThat(last).isSameAs(this.coordinator.lastRound().orElseThrow());
		assertThat(last.finishedAt()).isEqualTo(this.clock.instant());
		assertThat(last.outcomes()).containsOnlyKeys("account");
	}

	@Test
	void stopShouldFailTheRequestsItHasNotAnsweredAndRunNothingMore() throws InterruptedException {
		this.locks.holdElsewhere(RefreshCoordinator.REFRESH_LOCK);
		this.coordinator.start();
		// joins the scheduled round that start asked for: asked for, it waits for the
		// lock
		CompletableFuture<CatalogSnapshot> waitingForTheLock = this.coordinator.requestRefresh();
		this.scheduler.runDue();
		CompletableFuture<CatalogSnapshot> waitingToStart = this.coordinator.requestRefresh();
		this.coordinator.stop();
		assertThat(this.scheduler.isShutdown()).isTrue();
		assertThat(this.scheduler.waiting()).isZero();
		assertThat(waitingForTheLock).isCompletedExceptionally();
		assertThat(waitingToStart).isCompletedExceptionally();
		assertThat(this.coordinator.requestRefresh()).isCompletedExceptionally();
		this.locks.releaseElsewhere(RefreshCoordinator.REFRESH_LOCK);
		this.scheduler.advance(REFRESH_INTERVAL);
		assertThat(this.work.seen).isEmpty();
	}

	private double rounds(String trigger, String outcome) {
		Counter counter = this.meters.find("codex_lb_catalog_rounds")
			.tag("trigger", trigger)
			.tag("outcome", outcome)
			.counter();
		return (counter != null) ? counter.count() : 0;
	}

	private static CatalogProperties properties() {
		return new CatalogProperties("codex-lb", true, "classpath:catalog/bootstrap-models.json", 1024,
				REFRESH_INTERVAL, Duration.ofHours(24), 4, Map.of(), FOLLOW_INTERVAL, Duration.ofDays(90));
	}

	/**
	 * Round work that builds version n in the nth round, with one account that answered.
	 */
	private final class Work implements RefreshCoordinator.RoundWork {

		private static final JsonMapper json = JsonMapper.builder().build();

		private final List<CatalogSnapshot> seen = new ArrayList<>();

		private final List<Duration> budgets = new ArrayList<>();

		private Runnable during = () -> {
		};

		private @Nullable RuntimeException failure;

		@Override
		public RefreshCoordinator.Rebuilt rebuild(CatalogSnapshot current, @Nullable RefreshRound previous,
				Duration fetchBudget) {
			this.seen.add(current);
			this.budgets.add(fetchBudget);
			this.during.run();
			if (this.failure != null) {
				throw this.failure;
			}
			CatalogSnapshot next = snapshot(this.seen.size(), CatalogSnapshot.Source.UPSTREAM);
			Map<String, CatalogRefresher.FetchOutcome> outcomes = Map.of("account",
					CatalogRefresher.FetchOutcome.fetched(json.readTree("[]"), 0));
			return new RefreshCoordinator.Rebuilt(next,
					RefreshRound.after(previous, outcomes, RefreshCoordinatorTest.this.clock.instant()));
		}

	}

}
