package io.codexlb.replica;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import io.codexlb.support.ManualScheduler;
import io.codexlb.support.MutableClock;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.SimpleLock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Waiting for a lock another replica holds: retried on the scheduler, never on a sleeping
 * thread, until it is free, the wait is moot, or the patience is spent.
 */
class ReplicaLocksTest {

	private static final Duration RETRY = Duration.ofMillis(100);

	private final MutableClock clock = new MutableClock();

	private final ManualScheduler scheduler = new ManualScheduler(this.clock);

	private final OneLock provider = new OneLock();

	private final ReplicaLocks locks = new ReplicaLocks(this.provider, this.scheduler);

	@Test
	void lockWhenFreeWhenNobodyHoldsItShouldTakeItAtOnce() {
		CompletableFuture<Optional<SimpleLock>> wait = this.locks.lockWhenFree("job", Duration.ofMinutes(1), RETRY,
				Duration.ofSeconds(1), () -> false);
		assertThat(wait).isCompleted();
		assertThat(wait.join()).isPresent();
		assertThat(this.provider.tries).isEqualTo(1);
		assertThat(this.scheduler.waiting()).isZero();
	}

	@Test
	void lockWhenFreeWhenAnotherReplicaHoldsItShouldTryAgainEachIntervalUntilItIsReleased() {
		this.provider.heldElsewhere = true;
		CompletableFuture<Optional<SimpleLock>> wait = this.locks.lockWhenFree("job", Duration.ofMinutes(1), RETRY,
				Duration.ofSeconds(1), () -> false);
		this.scheduler.advance(Duration.ofMillis(350));
		assertThat(wait).isNotDone();
		assertThat(this.provider.tries).isEqualTo(4);
		this.provider.heldElsewhere = false;
		this.scheduler.advance(RETRY);
		assertThat(wait.join()).isPresent();
		assertThat(this.provider.tries).isEqualTo(5);
		assertThat(this.scheduler.waiting()).isZero();
	}

	@Test
	void lockWhenFreeWhenTheJobIsDoneMeanwhileShouldStopWaitingWithoutTheLock() {
		this.provider.heldElsewhere = true;
		AtomicBoolean done = new AtomicBoolean();
		CompletableFuture<Optional<SimpleLock>> wait = this.locks.lockWhenFree("job", Duration.ofMinutes(1), RETRY,
				Duration.ofSeconds(1), done::get);
		this.scheduler.advance(RETRY);
		done.set(true);
		this.scheduler.advance(RETRY);
		assertThat(wait.join()).isEmpty();
		assertThat(this.provider.tries).isEqualTo(2);
		assertThat(this.scheduler.waiting()).isZero();
	}

	@Test
	void lockWhenFreeWhenThePatienceIsSpentShouldGiveUpAfterItsLastTry() {
		this.provider.heldElsewhere = true;
		CompletableFuture<Optional<SimpleLock>> wait = this.locks.lockWhenFree("job", Duration.ofMinutes(1), RETRY,
				Duration.ofMillis(500), () -> false);
		this.scheduler.advance(Duration.ofSeconds(10));
		assertThat(wait.join()).isEmpty();
		// the first try and one per interval of patience
		assertThat(this.provider.tries).isEqualTo(6);
		assertThat(this.scheduler.waiting()).isZero();
	}

	@Test
	void lockWhenFreeWhenTheWaiterGaveUpShouldStopTrying() {
		this.provider.heldElsewhere = true;
		CompletableFuture<Optional<SimpleLock>> wait = this.locks.lockWhenFree("job", Duration.ofMinutes(1), RETRY,
				Duration.ofSeconds(1), () -> false);
		wait.cancel(false);
		this.provider.heldElsewhere = false;
		this.scheduler.advance(Duration.ofSeconds(10));
		assertThat(this.provider.tries).isEqualTo(1);
		assertThat(this.scheduler.waiting()).isZero();
	}

	@Test
	void lockWhenFreeWhenTheWaiterGivesUpDuringATryShouldReleaseTheLockItTook() {
		this.provider.heldElsewhere = true;
		CompletableFuture<Optional<SimpleLock>> wait = this.locks.lockWhenFree("job", Duration.ofMinutes(1), RETRY,
				Duration.ofSeconds(1), () -> false);
		this.provider.heldElsewhere = false;
		this.provider.duringTry = () -> wait.cancel(false);
		this.scheduler.advance(RETRY);
		assertThat(wait).isCancelled();
		assertThat(this.provider.released).containsExactly("job");
	}

	@Test
	void lockWhenFreeWhenTheDatabaseFailsShouldCompleteWithTheFailure() {
		this.provider.failure = new IllegalStateException("database down");
		CompletableFuture<Optional<SimpleLock>> wait = this.locks.lockWhenFree("job", Duration.ofMinutes(1), RETRY,
				Duration.ofSeconds(1), () -> false);
		assertThat(wait).isCompletedExceptionally();
	}

	/**
	 * A lock provider with one lock that another replica may hold.
	 */
	private static final class OneLock implements LockProvider {

		boolean heldElsewhere;

		int tries;

		RuntimeException failure;

		Runnable duringTry = () -> {
		};

		final List<String> released = new ArrayList<>();

		@Override
		public Optional<SimpleLock> lock(LockConfiguration configuration) {
			this.tries++;
			this.duringTry.run();
			if (this.failure != null) {
				throw this.failure;
			}
			if (this.heldElsewhere) {
				return Optional.empty();
			}
			return Optional.of(() -> this.released.add(configuration.getName()));
		}

	}

}
