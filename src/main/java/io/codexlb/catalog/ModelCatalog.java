package io.codexlb.catalog;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import com.github.benmanes.caffeine.cache.CacheLoader;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.codexlb.account.AccountsChangedEvent;
import io.codexlb.error.ApiError;
import io.codexlb.replica.ReplicaLocks;
import io.codexlb.logging.ThrottledWarning;
import io.codexlb.upstream.UpstreamProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import net.javacrumbs.shedlock.core.SimpleLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * The current catalog snapshot, held in a Caffeine cache under one key and refreshed with
 * Caffeine's refresh: requests keep getting the current snapshot while the next one
 * loads, and a refresh that fails leaves the current one in place.
 */
@Component
public class ModelCatalog {

	private static final Logger logger = LoggerFactory.getLogger(ModelCatalog.class);

	private static final String KEY = "catalog";

	static final String REFRESH_LOCK = "catalog-refresh";

	static final String SCHEDULE_LOCK = "catalog-refresh-schedule";

	private final BootstrapCatalog bootstrap;

	private final CatalogAssembler assembler;

	private final CatalogSnapshotStore snapshotStore;

	private final CatalogRefresher refresher;

	private final CatalogProperties properties;

	private final JsonMapper jsonMapper;

	private final Clock clock;

	private final TaskScheduler scheduler;

	private final Duration refreshDeadline;

	private final ExecutorService refreshExecutor = Executors.newSingleThreadExecutor((runnable) -> {
		Thread thread = new Thread(runnable, "catalog-refresh");
		thread.setDaemon(true);
		return thread;
	});

	private final LoadingCache<String, CatalogSnapshot> snapshots;

	private final ExecutorService refreshDriver = Executors.newSingleThreadExecutor((runnable) -> {
		Thread thread = new Thread(runnable, "catalog-refresh-driver");
		thread.setDaemon(true);
		return thread;
	});

	private final Object requestLock = new Object();

	private @Nullable RefreshRequest queuedRequest;

	private final ReplicaLocks locks;

	private final AtomicBoolean followQueued = new AtomicBoolean();

	// read by the refresh on the Caffeine executor while the driver waits for it
	private volatile boolean scheduledRound;

	private final MeterRegistry meterRegistry;

	private final ThrottledWarning followWarning = new ThrottledWarning(Duration.ofMinutes(1));

	private volatile @Nullable RefreshRound lastRound;

	ModelCatalog(BootstrapCatalog bootstrap, CatalogAssembler assembler, CatalogSnapshotStore snapshotStore,
			CatalogRefresher refresher, CatalogProperties properties, UpstreamProperties upstream,
			JsonMapper jsonMapper, Clock clock, TaskScheduler scheduler, ReplicaLocks locks,
			MeterRegistry meterRegistry) {
		this.locks = locks;
		this.bootstrap = bootstrap;
		this.assembler = assembler;
		this.snapshotStore = snapshotStore;
		this.refresher = refresher;
		this.properties = properties;
		this.jsonMapper = jsonMapper;
		this.clock = clock;
		this.scheduler = scheduler;
		this.refreshDeadline = upstream.callDeadline().multipliedBy(3).plusSeconds(30);
		this.snapshots = Caffeine.newBuilder()
			.maximumSize(1)
			.executor(this.refreshExecutor)
			.build(new CacheLoader<String, CatalogSnapshot>() {

				@Override
				public CatalogSnapshot load(String key) {
					return initial();
				}

				@Override
				public CatalogSnapshot reload(String key, CatalogSnapshot current) throws InterruptedException {
					return refreshed(current);
				}

			});
		// load now: a catalog that cannot be read is a start-up error
		this.snapshots.get(KEY);
		Gauge.builder("codex_lb_catalog_models", () -> current().codexOrdered().size())
			.description("Models in the current catalog snapshot")
			.register(meterRegistry);
		this.meterRegistry = meterRegistry;
		Gauge.builder("codex_lb_catalog_age_seconds", this::ageSeconds)
			.description("Seconds since the catalog was last confirmed by an account's good answer "
					+ "(since it was built, before any)")
			.register(meterRegistry);
	}

	public CatalogSnapshot current() {
		return this.snapshots.get(KEY);
	}

	Optional<RefreshRound> lastRound() {
		return Optional.ofNullable(this.lastRound);
	}

	/**
	 * Refreshes now and waits: a round that starts after this call has finished when it
	 * returns.
	 * @return the round
	 */
	RefreshRound refreshNow() {
		try {
			requestRefresh().get(this.refreshDeadline.toMillis(), TimeUnit.MILLISECONDS);
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
		return requestRefresh(false);
	}

	private CompletableFuture<CatalogSnapshot> requestRefresh(boolean scheduled) {
		synchronized (this.requestLock) {
			RefreshRequest queued = this.queuedRequest;
			if (queued != null) {
				// an asked-for round must run even if a scheduled one ran on another
				// replica
				queued.scheduled &= scheduled;
				return queued.result;
			}
			RefreshRequest request = new RefreshRequest(scheduled);
			this.queuedRequest = request;
			this.refreshDriver.execute(() -> {
				synchronized (this.requestLock) {
					this.queuedRequest = null;
				}
				drive(request);
			});
			return request.result;
		}
	}

	// the only caller of Caffeine's refresh: a refresh started while another one's value
	// is being stored would make Caffeine discard that value
	private void drive(RefreshRequest request) {
		try {
			synchronized (this.requestLock) {
				this.scheduledRound = request.scheduled;
			}
			CatalogSnapshot refreshed = this.snapshots.refresh(KEY)
				.get(this.refreshDeadline.toMillis(), TimeUnit.MILLISECONDS);
			// Caffeine completes the refresh future just before it stores the value
			for (int i = 0; i < 1000 && this.snapshots.getIfPresent(KEY) != refreshed; i++) {
				Thread.sleep(1);
			}
			request.result.complete(current());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			request.result.completeExceptionally(ex);
		}
		catch (ExecutionException | TimeoutException | RuntimeException ex) {
			request.result.completeExceptionally(ex);
		}
	}

	/**
	 * Serves a newer catalog that another replica stored; runs on the driver, between
	 * refreshes.
	 */
	private void follow() {
		this.followQueued.set(false);
		try {
			CatalogSnapshot current = current();
			CatalogSnapshot next = followed(current);
			if (next != current) {
				this.snapshots.put(KEY, next);
				logger.info("Following the stored catalog: {} version {} ({} models)", next.source(), next.version(),
						next.codexOrdered().size());
			}
		}
		catch (DataAccessException ex) {
			if (this.followWarning.due()) {
				logger.warn("Cannot look for a newer stored catalog, still serving version {}: {}", current().version(),
						ex.getClass().getSimpleName());
			}
		}
	}

	private CatalogSnapshot followed(CatalogSnapshot current) {
		if (this.snapshotStore.latestVersion() <= current.version()) {
			return current;
		}
		return this.snapshotStore.latest().map(this::fromStored).orElse(current);
	}

	@EventListener(ApplicationReadyEvent.class)
	void scheduleRefreshes() {
		this.scheduler.scheduleWithFixedDelay(() -> requestRefresh(true), this.properties.refreshInterval());
		this.scheduler.scheduleWithFixedDelay(() -> {
			if (this.followQueued.compareAndSet(false, true)) {
				this.refreshDriver.execute(this::follow);
			}
		}, this.properties.followInterval());
	}

	@TransactionalEventListener(fallbackExecution = true)
	void accountsChanged(AccountsChangedEvent event) {
		requestRefresh();
	}

	// a round still running releases its lock before the connection pool closes
	@PreDestroy
	void stop() throws InterruptedException {
		this.refreshDriver.shutdownNow();
		this.refreshExecutor.shutdownNow();
		this.refreshExecutor.awaitTermination(5, TimeUnit.SECONDS);
	}

	private CatalogSnapshot initial() {
		return this.snapshotStore.latest().map(this::fromStored).orElseGet(() -> fallback(0));
	}

	private CatalogSnapshot fromStored(CatalogSnapshotStore.StoredSnapshot stored) {
		if (stored.bootstrap()) {
			return fallback(stored.version());
		}
		try {
			CatalogSnapshot snapshot = this.assembler.assemble(this.jsonMapper.readTree(stored.document()),
					stored.version(), CatalogSnapshot.Source.UPSTREAM);
			logger.info("Serving the stored catalog version {} ({} models)", snapshot.version(),
					snapshot.codexOrdered().size());
			return snapshot;
		}
		catch (JacksonException | IllegalArgumentException ex) {
			logger.warn("The stored catalog version {} is unreadable; serving the bootstrap catalog", stored.version());
			return fallback(stored.version());
		}
	}

	private CatalogSnapshot fallback(long version) {
		return this.properties.bootstrap()
				? this.assembler.assemble(this.bootstrap.document(), version, CatalogSnapshot.Source.BOOTSTRAP)
				: this.assembler.empty(version);
	}

	private CatalogSnapshot refreshed(CatalogSnapshot current) throws InterruptedException {
		Optional<SimpleLock> schedule = Optional.empty();
		if (this.scheduledRound) {
			// a scheduled round that another replica already ran in this interval is
			// skipped
			Duration interval = this.properties.refreshInterval().multipliedBy(4).dividedBy(5);
			schedule = this.locks.tryLock(SCHEDULE_LOCK, interval, interval);
			if (schedule.isEmpty()) {
				countRound("skipped");
				return followed(current);
			}
		}
		Optional<SimpleLock> lock = this.locks.tryLock(REFRESH_LOCK, this.refreshDeadline, Duration.ZERO);
		// an asked-for round (an account changed, an admin asked) waits for the other
		// replica's round
		long waitUntil = System.nanoTime() + this.refreshDeadline.dividedBy(2).toNanos();
		while (lock.isEmpty() && !this.scheduledRound && System.nanoTime() - waitUntil < 0) {
			Thread.sleep(250);
			lock = this.locks.tryLock(REFRESH_LOCK, this.refreshDeadline, Duration.ZERO);
		}
		if (lock.isEmpty()) {
			logger.info("Another replica is refreshing the catalog; following it");
			schedule.ifPresent(SimpleLock::unlock);
			countRound("followed");
			return followed(current);
		}
		try {
			countRound("ran");
			return refreshedHoldingTheLock(current);
		}
		finally {
			lock.get().unlock();
			schedule.ifPresent(SimpleLock::unlock);
		}
	}

	private void countRound(String outcome) {
		Counter.builder("codex_lb_catalog_rounds")
			.description("Catalog refresh rounds of this replica: ran, skipped (a scheduled round another replica "
					+ "ran in this interval) or followed (another replica held the refresh lock)")
			.tag("trigger", this.scheduledRound ? "scheduled" : "requested")
			.tag("outcome", outcome)
			.register(this.meterRegistry)
			.increment();
	}

	private CatalogSnapshot refreshedHoldingTheLock(CatalogSnapshot current) {
		Map<String, CatalogRefresher.FetchOutcome> outcomes = this.refresher.fetchAll();
		CatalogSnapshot next = rebuilt(current);
		Instant now = this.clock.instant();
		RefreshRound previous = this.lastRound;
		Instant confirmedAt = outcomes.values().stream().anyMatch((outcome) -> outcome.models() != null) ? now
				: (previous != null) ? previous.confirmedAt() : null;
		this.lastRound = new RefreshRound(now, confirmedAt, outcomes);
		if (next != current) {
			logger.info("Catalog is now {} version {} ({} models)", next.source(), next.version(),
					next.codexOrdered().size());
		}
		return next;
	}

	private CatalogSnapshot rebuilt(CatalogSnapshot current) {
		ObjectNode merged = this.refresher.mergedDocument();
		// accounts that all answer with an empty list give no catalog to serve
		if (merged == null || merged.get("models").isEmpty()) {
			if (current.source() != CatalogSnapshot.Source.UPSTREAM) {
				return current;
			}
			return fallback(this.snapshotStore.saveBootstrap(this.clock.instant()));
		}
		String hash = this.assembler.hash(merged);
		if (current.source() == CatalogSnapshot.Source.UPSTREAM && hash.equals(current.documentHash())) {
			return current;
		}
		long version = this.snapshotStore.save(this.jsonMapper.writeValueAsString(merged), this.clock.instant());
		return this.assembler.assemble(merged, version, CatalogSnapshot.Source.UPSTREAM);
	}

	private double ageSeconds() {
		RefreshRound round = this.lastRound;
		Instant confirmedAt = (round != null && round.confirmedAt() != null) ? round.confirmedAt()
				: current().builtAt();
		return Duration.between(confirmedAt, this.clock.instant()).toMillis() / 1000.0;
	}

	/**
	 * A refresh asked for and not started yet.
	 */
	private static final class RefreshRequest {

		final CompletableFuture<CatalogSnapshot> result = new CompletableFuture<>();

		boolean scheduled;

		RefreshRequest(boolean scheduled) {
			this.scheduled = scheduled;
		}

	}

	/**
	 * A finished refresh round.
	 *
	 * @param finishedAt when it finished
	 * @param confirmedAt when an account last answered with a good list, if ever
	 * @param outcomes each fetched account's outcome, by account id
	 */
	record RefreshRound(Instant finishedAt, @Nullable Instant confirmedAt,
			Map<String, CatalogRefresher.FetchOutcome> outcomes) {

	}

}
