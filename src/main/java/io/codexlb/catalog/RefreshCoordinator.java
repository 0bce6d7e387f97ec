package io.codexlb.catalog;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.IntSupplier;

import io.codexlb.account.AccountsChangedEvent;
import io.codexlb.error.ApiError;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PreDestroy;
import net.javacrumbs.shedlock.core.SimpleLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Runs the catalog's refresh rounds, and the follower, on one scheduler thread: the only
 * thread that replaces the served snapshot. Requests that arrive while a round waits to
 * start share it; a round takes the replica lock (an asked-for round tries again on the
 * scheduler while another replica holds it), and completes its requests' futures.
 */
class RefreshCoordinator {

	private static final Logger logger = LoggerFactory.getLogger(RefreshCoordinator.class);

	static final String REFRESH_LOCK = "catalog-refresh";

	static final String SCHEDULE_LOCK = "catalog-refresh-schedule";

	/**
	 * How long an asked-for round waits before it asks again for the refresh lock that
	 * another replica holds.
	 */
	static final Duration LOCK_RETRY_DELAY = Duration.ofMillis(250);

	private final ModelCatalog catalog;

	private final CatalogFollower follower;

	private final RoundWork work;

	private final Locks locks;

	private final CatalogProperties properties;

	private final RoundDeadline deadline;

	private final IntSupplier accountsToFetch;

	private final ScheduledExecutorService scheduler;

	private final MeterRegistry meterRegistry;

	private final Object requests = new Object();

	// guarded by requests: asked for and not started
	private @Nullable Round waiting;

	// guarded by requests: started and not finished, waiting for the lock perhaps
	private @Nullable Round running;

	private volatile @Nullable RefreshRound lastRound;

	// the refresh lock's maximum time of the last round this replica ran
	private volatile Duration lastLockAtMostFor = Duration.ZERO;

	/**
	 * Creates a coordinator.
	 * @param catalog the served snapshot
	 * @param follower the follower of the snapshots other replicas store
	 * @param work what a round does holding the refresh lock
	 * @param locks the locks shared by the replicas
	 * @param properties the refresh and follow intervals
	 * @param deadline how long a round may fetch and hold the lock; an asked-for round
	 * waits half of the longest for another replica's round
	 * @param accountsToFetch how many accounts a round would fetch now, which its
	 * deadline is derived from
	 * @param scheduler a scheduler with one thread, owned by the coordinator from now on
	 * @param meterRegistry where the rounds are counted
	 */
	RefreshCoordinator(ModelCatalog catalog, CatalogFollower follower, RoundWork work, Locks locks,
			CatalogProperties properties, RoundDeadline deadline, IntSupplier accountsToFetch,
			ScheduledExecutorService scheduler, MeterRegistry meterRegistry) {
		this.catalog = catalog;
		this.follower = follower;
		this.work = work;
		this.locks = locks;
		this.properties = properties;
		this.deadline = deadline;
		this.accountsToFetch = accountsToFetch;
		this.scheduler = scheduler;
		this.meterRegistry = meterRegistry;
	}

	Duration lastLockAtMostFor() {
		return this.lastLockAtMostFor;
	}

	Optional<RefreshRound> lastRound() {
		return Optional.ofNullable(this.lastRound);
	}

	/**
	 * Refreshes now and waits: a round that starts after this call has finished when it
	 * returns.
	 * @return the last round that ran
	 */
	RefreshRound refreshNow() {
		return awaitRound(requestRefresh());
	}

	/**
	 * Waits for an asked-for round, up to the refresh deadline.
	 * @param request the round's future
	 * @return the last round that ran
	 */
	RefreshRound awaitRound(CompletableFuture<CatalogSnapshot> request) {
		try {
			request.get(this.deadline.longest().toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException | TimeoutException ex) {
			logger.warn("Catalog refresh failed: {}", ex.toString());
			throw ApiError.serviceUnavailable("The catalog refresh failed; the current catalog is still served.")
				.exception();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw ApiError.serviceUnavailable("The catalog refresh was interrupted.").exception();
		}
		RefreshRound last = this.lastRound;
		if (last == null) {
			throw ApiError.serviceUnavailable("The catalog refresh did not run.").exception();
		}
		return last;
	}

	/**
	 * Asks for a refresh round that starts after this call. Requests that arrive while
	 * one waits to start share it.
	 * @return completes with the snapshot served after the round
	 */
	CompletableFuture<CatalogSnapshot> requestRefresh() {
		return request(RoundTrigger.REQUESTED);
	}

	@TransactionalEventListener(fallbackExecution = true)
	void accountsChanged(AccountsChangedEvent event) {
		requestRefresh();
	}

	/**
	 * Starts the rounds: one now, then one every refresh interval, and the follower every
	 * follow interval.
	 */
	@EventListener(ApplicationReadyEvent.class)
	void start() {
		request(RoundTrigger.SCHEDULED);
		long interval = this.properties.refreshInterval().toNanos();
		this.scheduler.scheduleWithFixedDelay(repeated(() -> request(RoundTrigger.SCHEDULED)), interval, interval,
				TimeUnit.NANOSECONDS);
		this.scheduler.scheduleWithFixedDelay(repeated(this.follower::follow), 0,
				this.properties.followInterval().toNanos(), TimeUnit.NANOSECONDS);
	}

	// a round still running releases its lock before the connection pool closes
	@PreDestroy
	void stop() throws InterruptedException {
		this.scheduler.shutdownNow();
		this.scheduler.awaitTermination(5, TimeUnit.SECONDS);
		IllegalStateException stopped = new IllegalStateException("the catalog refresh stopped");
		synchronized (this.requests) {
			for (Round round : new Round[] { this.waiting, this.running }) {
				if (round != null) {
					round.result.completeExceptionally(stopped);
				}
			}
			this.waiting = null;
			this.running = null;
		}
	}

	/**
	 * Asks for a round that starts after this call.
	 * @param trigger why
	 * @return completes with the snapshot served after the round
	 */
	CompletableFuture<CatalogSnapshot> request(RoundTrigger trigger) {
		synchronized (this.requests) {
			Round queued = this.waiting;
			if (queued != null) {
				// an asked-for round must run even if a scheduled one ran on another
				// replica
				if (trigger == RoundTrigger.REQUESTED) {
					queued.trigger = RoundTrigger.REQUESTED;
				}
				return queued.result;
			}
			Round round = new Round(trigger);
			this.waiting = round;
			if (this.running == null) {
				startWaiting();
			}
			return round.result;
		}
	}

	// guarded by requests
	private void startWaiting() {
		try {
			this.scheduler.execute(this::begin);
		}
		catch (RejectedExecutionException ex) {
			Round round = this.waiting;
			this.waiting = null;
			if (round != null) {
				round.result.completeExceptionally(ex);
			}
		}
	}

	private void begin() {
		Round round;
		synchronized (this.requests) {
			round = this.waiting;
			this.waiting = null;
			this.running = round;
		}
		if (round != null) {
			step(round, this::takeScheduleLock);
		}
	}

	// runs a step of a round on the scheduler; an exception fails the round
	private void step(Round round, Consumer<Round> step) {
		if (round.result.isDone()) {
			return;
		}
		try {
			step.accept(round);
		}
		catch (RuntimeException ex) {
			round.stopWaiting();
			logger.warn("A catalog refresh round failed, still serving version {}: {}",
					this.catalog.current().version(), ex.toString());
			round.result.completeExceptionally(ex);
			finished(round);
		}
	}

	private void takeScheduleLock(Round round) {
		if (round.trigger == RoundTrigger.SCHEDULED) {
			// a scheduled round that another replica already ran in this interval is
			// skipped
			Duration interval = this.properties.refreshInterval().multipliedBy(4).dividedBy(5);
			round.scheduleLock = this.locks.tryLock(SCHEDULE_LOCK, interval, interval).orElse(null);
			if (round.scheduleLock == null) {
				count(round, RoundOutcome.SKIPPED);
				finish(round, this.follower.newer(this.catalog.current()));
				return;
			}
		}
		takeRefreshLock(round);
	}

	private void takeRefreshLock(Round round) {
		int accounts = this.accountsToFetch.getAsInt();
		Duration lockAtMostFor = this.deadline.lockAtMostFor(accounts);
		Optional<SimpleLock> lock = this.locks.tryLock(REFRESH_LOCK, lockAtMostFor, Duration.ZERO);
		if (lock.isPresent()) {
			this.lastLockAtMostFor = lockAtMostFor;
			round.stopWaiting();
			run(round, lock.get(), this.deadline.fetchBudget(accounts));
		}
		else if (round.trigger == RoundTrigger.REQUESTED) {
			// an asked-for round (an account changed, an admin asked) waits for the other
			// replica's round, and follows it if it takes too long
			if (round.giveUp == null) {
				round.giveUp = later(round, this::follow, this.deadline.longest().dividedBy(2));
			}
			round.retry = later(round, this::takeRefreshLock, LOCK_RETRY_DELAY);
		}
		else {
			follow(round);
		}
	}

	private ScheduledFuture<?> later(Round round, Consumer<Round> step, Duration delay) {
		return this.scheduler.schedule(() -> step(round, step), delay.toNanos(), TimeUnit.NANOSECONDS);
	}

	private void follow(Round round) {
		round.stopWaiting();
		logger.info("Another replica is refreshing the catalog; following it");
		round.releaseScheduleLock();
		count(round, RoundOutcome.FOLLOWED);
		finish(round, this.follower.newer(this.catalog.current()));
	}

	private void run(Round round, SimpleLock lock, Duration fetchBudget) {
		Rebuilt rebuilt;
		long started = System.nanoTime();
		try {
			count(round, RoundOutcome.RAN);
			rebuilt = this.work.rebuild(this.catalog.current(), this.lastRound, fetchBudget);
		}
		finally {
			lock.unlock();
			round.releaseScheduleLock();
			// the lock's time: the rounds' wall time, whatever the injected clock says
			Timer.builder("codex_lb_catalog_round_duration")
				.description("Refresh rounds this replica ran, from taking the refresh lock to releasing it")
				.register(this.meterRegistry)
				.record(Duration.ofNanos(System.nanoTime() - started));
		}
		this.lastRound = rebuilt.round();
		finish(round, rebuilt.snapshot());
	}

	private void finish(Round round, CatalogSnapshot next) {
		this.catalog.serve(next);
		round.result.complete(this.catalog.current());
		finished(round);
	}

	private void finished(Round round) {
		synchronized (this.requests) {
			if (this.running == round) {
				this.running = null;
				if (this.waiting != null) {
					startWaiting();
				}
			}
		}
	}

	private void count(Round round, RoundOutcome outcome) {
		Counter.builder("codex_lb_catalog_rounds")
			.description("Catalog refresh rounds of this replica: ran, skipped (a scheduled round another replica "
					+ "ran in this interval) or followed (another replica held the refresh lock)")
			.tag("trigger", round.trigger.tagValue())
			.tag("outcome", outcome.tagValue())
			.register(this.meterRegistry)
			.increment();
	}

	// a repeated task that throws would not be repeated again
	private static Runnable repeated(Runnable task) {
		return () -> {
			try {
				task.run();
			}
			catch (RuntimeException ex) {
				logger.error("A scheduled catalog task failed", ex);
			}
		};
	}

	/**
	 * What a round does once it holds the refresh lock.
	 */
	@FunctionalInterface
	interface RoundWork {

		/**
		 * Fetches the accounts' lists and builds the snapshot to serve.
		 * @param current the served snapshot
		 * @param previous the last round that ran, if one did
		 * @param fetchBudget how long the fetches may take; later ones are cancelled
		 * @return the snapshot to serve, and the round
		 */
		Rebuilt rebuild(CatalogSnapshot current, @Nullable RefreshRound previous, Duration fetchBudget);

	}

	/**
	 * What a round built.
	 *
	 * @param snapshot the snapshot to serve, the current one if nothing changed
	 * @param round the round
	 */
	record Rebuilt(CatalogSnapshot snapshot, RefreshRound round) {

	}

	/**
	 * The locks shared by the replicas.
	 */
	@FunctionalInterface
	interface Locks {

		/**
		 * Takes a lock if no replica holds it.
		 * @param name the lock
		 * @param lockAtMostFor when the lock expires if its holder dies
		 * @param lockAtLeastFor how long the lock stays taken even once released
		 * @return the lock, or empty when another replica holds it
		 */
		Optional<SimpleLock> tryLock(String name, Duration lockAtMostFor, Duration lockAtLeastFor);

	}

	/**
	 * A round, from the first request for it until it finishes.
	 */
	private static final class Round {

		final CompletableFuture<CatalogSnapshot> result = new CompletableFuture<>();

		// guarded by requests until the round starts
		RoundTrigger trigger;

		@Nullable SimpleLock scheduleLock;

		@Nullable ScheduledFuture<?> retry;

		@Nullable ScheduledFuture<?> giveUp;

		Round(RoundTrigger trigger) {
			this.trigger = trigger;
		}

		void stopWaiting() {
			for (ScheduledFuture<?> task : new ScheduledFuture<?>[] { this.retry, this.giveUp }) {
				if (task != null) {
					task.cancel(false);
				}
			}
		}

		void releaseScheduleLock() {
			SimpleLock lock = this.scheduleLock;
			this.scheduleLock = null;
			if (lock != null) {
				lock.unlock();
			}
		}

	}

}
