package io.codexlb.ratelimit;

import java.time.Clock;
import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.VerboseResult;

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
		LocalBucket bucket = this.buckets.get(key, (missing) -> newBucket(policy));
		VerboseResult<ConsumptionProbe> result = bucket.bucket().asVerbose().tryConsumeAndReturnRemaining(1);
		ConsumptionProbe probe = result.getValue();
		return new BucketReading(probe.isConsumed(), result.getDiagnostics().getAvailableTokensPerEachBandwidth(),
				probe.getNanosToWaitForRefill());
	}

	private LocalBucket newBucket(RatePolicy policy) {
		var builder = Bucket.builder().withCustomTimePrecision(this.timeMeter);
		for (Bandwidth bandwidth : policy.bucketConfiguration(this.clock.instant()).getBandwidths()) {
			builder.addLimit(bandwidth);
		}
		return new LocalBucket(builder.build(), policy);
	}

	long size() {
		this.buckets.cleanUp();
		return this.buckets.estimatedSize();
	}

	private record LocalBucket(Bucket bucket, RatePolicy policy) {

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
