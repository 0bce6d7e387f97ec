package io.codexlb.replica;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import jakarta.annotation.PreDestroy;
import net.javacrumbs.shedlock.core.ClockProvider;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.SimpleLock;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Locks held in the shared database (ShedLock), so that one replica at a time does a job
 * such as a catalog refresh or an account's token refresh. The database's clock decides
 * when a lock expires, not the replicas'.
 */
@Component
public class ReplicaLocks {

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
