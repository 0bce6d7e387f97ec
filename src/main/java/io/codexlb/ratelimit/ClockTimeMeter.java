package io.codexlb.ratelimit;

import java.time.Clock;
import java.time.Instant;

import io.github.bucket4j.TimeMeter;

/**
 * Bucket4j's time read from the service's clock, so that tests move time by hand.
 */
public final class ClockTimeMeter implements TimeMeter {

	private final Clock clock;

	/**
	 * Bucket4j's time from a clock.
	 * @param clock the clock
	 */
	public ClockTimeMeter(Clock clock) {
		this.clock = clock;
	}

	@Override
	public long currentTimeNanos() {
		Instant now = this.clock.instant();
		return now.getEpochSecond() * 1_000_000_000L + now.getNano();
	}

	@Override
	public boolean isWallClockBased() {
		return true;
	}

}
