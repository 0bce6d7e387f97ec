package io.codexlb.support;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.RunnableScheduledFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A scheduler without a thread, for unit tests: its tasks run on the test's thread, in
 * the order they are due, when the test moves the {@link MutableClock} forward with
 * {@link #advance} or asks for the tasks due now with {@link #runDue}. A task that throws
 * fails the test, where a real scheduler would swallow the exception (and stop repeating
 * the task).
 */
public final class ManualScheduler extends AbstractExecutorService implements ScheduledExecutorService {

	private final MutableClock clock;

	private final PriorityQueue<Task<?>> queue = new PriorityQueue<>();

	private long submitted;

	private boolean shutdown;

	public ManualScheduler(MutableClock clock) {
		this.clock = clock;
	}

	/**
	 * Runs the tasks that are due now, and those they schedule that are due now too.
	 */
	public void runDue() {
		advance(Duration.ZERO);
	}

	/**
	 * Moves the clock forward, to each task's time in turn, running the tasks that fall
	 * due on the way.
	 * @param duration how far
	 */
	public void advance(Duration duration) {
		Instant until = this.clock.instant().plus(duration);
		Task<?> next = this.queue.peek();
		while (next != null && !next.due.isAfter(until)) {
			this.queue.poll();
			moveClockTo(next.due);
			next.run();
			if (next.failure != null) {
				throw new AssertionError("A scheduled task threw", next.failure);
			}
			next = this.queue.peek();
		}
		moveClockTo(until);
	}

	/**
	 * The tasks waiting to run, repeated ones included.
	 * @return how many
	 */
	public int waiting() {
		return this.queue.size();
	}

	@Override
	public void execute(Runnable command) {
		schedule(command, 0, TimeUnit.NANOSECONDS);
	}

	@Override
	public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
		return add(new Task<>(Executors.callable(command), dueIn(delay, unit), null));
	}

	@Override
	public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
		return add(new Task<>(callable, dueIn(delay, unit), null));
	}

	@Override
	public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
		return add(new Task<>(Executors.callable(command), dueIn(initialDelay, unit),
				Duration.ofNanos(unit.toNanos(delay))));
	}

	@Override
	public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
		throw new UnsupportedOperationException("Not needed by the tests so far");
	}

	/**
	 * Drops every waiting task, as {@link #shutdownNow} does.
	 */
	@Override
	public void shutdown() {
		shutdownNow();
	}

	@Override
	public List<Runnable> shutdownNow() {
		this.shutdown = true;
		List<Runnable> dropped = new ArrayList<>(this.queue);
		this.queue.clear();
		return dropped;
	}

	@Override
	public boolean isShutdown() {
		return this.shutdown;
	}

	@Override
	public boolean isTerminated() {
		return this.shutdown;
	}

	@Override
	public boolean awaitTermination(long timeout, TimeUnit unit) {
		return this.shutdown;
	}

	private <V> Task<V> add(Task<V> task) {
		if (this.shutdown) {
			throw new RejectedExecutionException("The scheduler is shut down");
		}
		task.order = this.submitted++;
		this.queue.add(task);
		return task;
	}

	private Instant dueIn(long delay, TimeUnit unit) {
		return this.clock.instant().plusNanos(Math.max(0, unit.toNanos(delay)));
	}

	private void moveClockTo(Instant instant) {
		if (instant.isAfter(this.clock.instant())) {
			this.clock.advance(Duration.between(this.clock.instant(), instant));
		}
	}

	/**
	 * A task and its time.
	 */
	private final class Task<V> extends FutureTask<V> implements RunnableScheduledFuture<V> {

		private final Duration delay;

		private Instant due;

		private long order;

		private Throwable failure;

		Task(Callable<V> callable, Instant due, Duration delay) {
			super(callable);
			this.due = due;
			this.delay = delay;
		}

		@Override
		public boolean isPeriodic() {
			return this.delay != null;
		}

		@Override
		public void run() {
			if (!isPeriodic()) {
				super.run();
			}
			else if (runAndReset() && !ManualScheduler.this.shutdown) {
				this.due = ManualScheduler.this.clock.instant().plus(this.delay);
				add(this);
			}
		}

		@Override
		protected void setException(Throwable failure) {
			this.failure = failure;
			super.setException(failure);
		}

		@Override
		public boolean cancel(boolean mayInterruptIfRunning) {
			ManualScheduler.this.queue.remove(this);
			return super.cancel(mayInterruptIfRunning);
		}

		@Override
		public long getDelay(TimeUnit unit) {
			return unit.convert(Duration.between(ManualScheduler.this.clock.instant(), this.due));
		}

		@Override
		public int compareTo(Delayed other) {
			Task<?> task = (Task<?>) other;
			int byTime = this.due.compareTo(task.due);
			return (byTime != 0) ? byTime : Long.compare(this.order, task.order);
		}

	}

}
