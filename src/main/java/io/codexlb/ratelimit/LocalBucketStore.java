package io.codexlb.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.VerboseResult;
import org.jspecify.annotations.Nullable;

/**
 * Buckets in this process, in a bounded Caffeine cache. A bucket idle longer than its
 * longest window is full again, so it is dropped.
 */
final class LocalBucketStore implements BucketStore {

	private final Clock clock;

	private final TimeMeter timeMeter;

	private final Cache<String, LocalBucket> buckets;

	LocalBucketStore(Clock clock, int maxKeys) {
		this.clock = clock;
		this.timeMeter = new ClockTimeMeter(clock);
		this.buckets = Caffeine.newBuilder().maximumSize(maxKeys).expireAfter(new IdleExpiry()).build();
	}

	@Override
	public BucketReading take(String key, RatePolicy policy) {
		return take(key, policy, null);
	}

	/**
	 * Takes one token from a key's local bucket, which goes on from the shared bucket's
	 * last reading: a bucket made from an older reading, or from none, is replaced by one
	 * made from this one.
	 * @param key the bucket key
	 * @param policy the policy the bucket follows
	 * @param last the last reading of the key's shared bucket, or {@code null} for a key
	 * this replica has not seen there (its bucket starts full)
	 * @return the outcome
	 */
	BucketReading take(String key, RatePolicy policy, @Nullable LastReading last) {
		LocalBucket bucket = this.buckets.getIfPresent(key);
		if (bucket == null || (last != null && bucket.seed() != last)) {
			bucket = this.buckets.asMap()
				.compute(key, (missing, current) -> (current != null && (last == null || current.seed() == last))
						? current : newBucket(policy, last));
		}
		VerboseResult<ConsumptionProbe> result = bucket.bucket().asVerbose().tryConsumeAndReturnRemaining(1);
		ConsumptionProbe probe = result.getValue();
		return new BucketReading(probe.isConsumed(), result.getDiagnostics().getAvailableTokensPerEachBandwidth(),
				probe.getNanosToWaitForRefill());
	}

	@Override
	public long[] read(String key, RatePolicy policy) {
		return read(key, policy, null);
	}

	/**
	 * Reads a key's local bucket without taking a token, and without keeping a bucket for
	 * a key that has none: a bucket not made yet would start full, or from the shared
	 * bucket's last reading.
	 * @param key the bucket key
	 * @param policy the policy the bucket follows
	 * @param last the last reading of the key's shared bucket, or {@code null}
	 * @return the tokens left in each window, the per-minute window first
	 */
	long[] read(String key, RatePolicy policy, @Nullable LastReading last) {
		LocalBucket bucket = this.buckets.getIfPresent(key);
		if (bucket == null || (last != null && bucket.seed() != last)) {
			bucket = newBucket(policy, last);
		}
		return bucket.bucket().asVerbose().getAvailableTokens().getDiagnostics().getAvailableTokensPerEachBandwidth();
	}

	private LocalBucket newBucket(RatePolicy policy, @Nullable LastReading last) {
		var builder = Bucket.builder().withCustomTimePrecision(this.timeMeter);
		Instant now = this.clock.instant();
		var configuration = (last != null) ? policy.bucketConfiguration(now, last) : policy.bucketConfiguration(now);
		for (Bandwidth bandwidth : configuration.getBandwidths()) {
			builder.addLimit(bandwidth);
		}
		return new LocalBucket(builder.build(), policy, last);
	}

	long size() {
		this.buckets.cleanUp();
		return this.buckets.estimatedSize();
	}

	private record LocalBucket(Bucket bucket, RatePolicy policy, @Nullable LastReading seed) {

	}

	private static final class IdleExpiry implements Expiry<String, LocalBucket> {

		@Override
		public long expireAfterCreate(String key, LocalBucket value, long currentTime) {
			return idle(value);
		}

		@Override
		public long expireAfterUpdate(String key, LocalBucket value, long currentTime, long currentDuration) {
			return idle(value);
		}

		@Override
		public long expireAfterRead(String key, LocalBucket value, long currentTime, long currentDuration) {
			return idle(value);
		}

		private static long idle(LocalBucket value) {
			Duration window = (value.policy().requestsPerDay() != null) ? RatePolicy.DAY : RatePolicy.MINUTE;
			return window.plusMinutes(1).toNanos();
		}

	}

}
