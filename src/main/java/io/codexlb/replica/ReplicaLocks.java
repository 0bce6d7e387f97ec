package io.codexlb.replica;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

import jakarta.annotation.PreDestroy;
import net.javacrumbs.shedlock.core.ClockProvider;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.SimpleLock;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionException;

/**
 * Locks held in the shared database (ShedLock), so that one replica at a time does a job
 * such as a catalog refresh or an account's token refresh. The database's clock decides
 * when a lock expires, not the replicas'.
 */
@Component
public class ReplicaLocks {

	/**
	 * How often the daily jobs ask whether today's run is due.
	 */
	public static final Duration DAILY_CHECK_INTERVAL = Duration.ofHours(1);

	// a day less the check interval: the run may come an hour early, never a day late
	static final Duration DAILY_PERIOD = Duration.ofHours(23);

	private static final Logger logger = LoggerFactory.getLogger(ReplicaLocks.class);

	private final LockProvider provider;

	private final ScheduledExecutorService retries;

	/**
	 * Locks in the database of a {@link JdbcTemplate}, in its {@code shedlock} table.
	 * @param jdbcTemplate the database
	 */
	@Autowired
	public ReplicaLocks(JdbcTemplate jdbcTemplate) {
		this(new JdbcTemplateLockProvider(
				JdbcTemplateLockProvider.Configuration.builder().withJdbcTemplate(jdbcTemplate).usingDbTime().build()),
				Executors.newSingleThreadScheduledExecutor((runnable) -> {
					Thread thread = new Thread(runnable, "replica-lock-retry");
					thread.setDaemon(true);
					return thread;
				}));
	}

	ReplicaLocks(LockProvider provider, ScheduledExecutorService retries) {
		this.provider = provider;
		this.retries = retries;
	}

	/**
	 * Takes a lock if no replica holds it.
	 * @param name the lock, at most 64 characters
	 * @param lockAtMostFor when the lock expires if its holder dies
	 * @param lockAtLeastFor how long the lock stays taken even once released
	 * @return the lock, or empty when another replica holds it
	 */
	public Optional<SimpleLock> tryLock(String name, Duration lockAtMostFor, Duration lockAtLeastFor) {
		return this.provider.lock(new LockConfiguration(ClockProvider.now(), name, lockAtMostFor, lockAtLeastFor));
	}

	/**
	 * Does a job at most once per period across the replicas: the replica that takes the
	 * lock does it, and the lock stays taken for the whole period, done or not.
	 * @param <T> the job's result
	 * @param name the lock, at most 64 characters
	 * @param period how long the lock stays taken
	 * @param job the job
	 * @return the job's result, or empty when it was done (or is being done) elsewhere in
	 * the period
	 */
	public <T> Optional<T> oncePer(String name, Duration period, Supplier<T> job) {
		Optional<SimpleLock> lock = tryLock(name, period, period);
		if (lock.isEmpty()) {
			return Optional.empty();
		}
		try {
			return Optional.of(job.get());
		}
		finally {
			lock.get().unlock();
		}
	}

	/**
	 * Prunes what is older than a cut-off, at most once a day across the replicas: a job
	 * that runs every {@link #DAILY_CHECK_INTERVAL} calls it, and the replica that takes
	 * the lock first in the day prunes. A database that fails is logged and tried again
	 * at the next check after the day's lock expires.
	 * @param name the lock, at most 64 characters
	 * @param what what is pruned, for the log, such as {@code audit log rows}
	 * @param cutOff the time before which rows go, asked once the lock is taken
	 * @param prune removes the rows before the cut-off, and says how many
	 * @return how many were removed, or -1 when another replica pruned today or the
	 * database failed
	 */
	public int pruneOnceADay(String name, String what, Supplier<Instant> cutOff, ToIntFunction<Instant> prune) {
		try {
			return oncePer(name, DAILY_PERIOD, () -> {
				Instant before = cutOff.get();
				int removed = prune.applyAsInt(before);
				logger.info("Pruned {} {} before {}", removed, what, before);
				return removed;
			}).orElse(-1);
		}
		catch (DataAccessException | TransactionException ex) {
			logger.warn("Could not prune the {}; the next try is in a day at the latest: {}", what,
					ex.getClass().getSimpleName());
			return -1;
		}
	}

	/**
	 * Takes a lock as soon as no replica holds it, without holding a thread meanwhile:
	 * tries now, then again every {@code retryInterval} on the locks' scheduler, until it
	 * is taken, {@code moot} says the wait is no longer needed (the holder did the job),
	 * or the patience is spent.
	 * @param name the lock, at most 64 characters
	 * @param lockAtMostFor when the lock expires if its holder dies
	 * @param retryInterval the wait between two tries
	 * @param patience how long to keep trying: the number of retries is this divided by
	 * the interval
	 * @param moot whether the job is done already, asked before each try
	 * @return completes with the lock, or empty when the wait became moot or timed out
	 */
	public CompletableFuture<Optional<SimpleLock>> lockWhenFree(String name, Duration lockAtMostFor,
			Duration retryInterval, Duration patience, BooleanSupplier moot) {
		CompletableFuture<Optional<SimpleLock>> result = new CompletableFuture<>();
		long retries = patience.toNanos() / Math.max(1, retryInterval.toNanos());
		attempt(result, name, lockAtMostFor, retryInterval, retries, moot);
		return result;
	}

	private void attempt(CompletableFuture<Optional<SimpleLock>> result, String name, Duration lockAtMostFor,
			Duration retryInterval, long retriesLeft, BooleanSupplier moot) {
		try {
			if (result.isDone() || moot.getAsBoolean()) {
				result.complete(Optional.empty());
				return;
			}
			Optional<SimpleLock> lock = tryLock(name, lockAtMostFor, Duration.ZERO);
			if (lock.isPresent()) {
				if (!result.complete(lock)) {
					// the waiter gave up meanwhile
					lock.get().unlock();
				}
				return;
			}
			if (retriesLeft <= 0) {
				result.complete(Optional.empty());
				return;
			}
			this.retries.schedule(() -> attempt(result, name, lockAtMostFor, retryInterval, retriesLeft - 1, moot),
					retryInterval.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (RuntimeException ex) {
			result.completeExceptionally(ex);
		}
	}

	@PreDestroy
	void stop() {
		this.retries.shutdownNow();
	}

}
