package io.codexlb.logging;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Lets a repeated warning through at most once per interval, so that an outage logs a
 * line now and then instead of one per request.
 */
public final class ThrottledWarning {

	private final long intervalNanos;

	private final AtomicLong last;

	public ThrottledWarning(Duration interval) {
		this.intervalNanos = interval.toNanos();
		this.last = new AtomicLong(System.nanoTime() - this.intervalNanos);
	}

	/**
	 * Whether the warning may be logged now; at most one caller per interval is told yes.
	 * @return whether to log
	 */
	public boolean due() {
		long last = this.last.get();
		long now = System.nanoTime();
		return now - last >= this.intervalNanos && this.last.compareAndSet(last, now);
	}

}
