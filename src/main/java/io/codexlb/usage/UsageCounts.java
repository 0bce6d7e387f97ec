package io.codexlb.usage;

/**
 * Requests by outcome.
 *
 * @param ok 200s
 * @param notModified 304s
 * @param notFound 404s
 * @param rateLimited 429s
 * @param unavailable 503s
 */
public record UsageCounts(long ok, long notModified, long notFound, long rateLimited, long unavailable) {

	/** No requests. */
	public static final UsageCounts NONE = new UsageCounts(0, 0, 0, 0, 0);

	static UsageCounts of(long[] byOutcome) {
		return new UsageCounts(byOutcome[0], byOutcome[1], byOutcome[2], byOutcome[3], byOutcome[4]);
	}

	/**
	 * Every request, whatever its outcome.
	 * @return the sum
	 */
	public long total() {
		return this.ok + this.notModified + this.notFound + this.rateLimited + this.unavailable;
	}

	UsageCounts plus(UsageCounts other) {
		return new UsageCounts(this.ok + other.ok, this.notModified + other.notModified, this.notFound + other.notFound,
				this.rateLimited + other.rateLimited, this.unavailable + other.unavailable);
	}

}
