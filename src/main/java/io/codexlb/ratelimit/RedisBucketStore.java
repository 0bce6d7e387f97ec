package io.codexlb.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.VerboseResult;
import io.github.bucket4j.distributed.AsyncBucketProxy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.AsyncProxyManager;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.netty.channel.ConnectTimeoutException;
import org.jspecify.annotations.Nullable;

import org.springframework.core.NestedExceptionUtils;

/**
 * Buckets in Redis, shared by every replica, through Bucket4j's Lettuce integration.
 * Every call is bounded by the configured timeout; the connection is made on first use,
 * so the service starts while Redis is down. A bucket key expires once the bucket would
 * be full again.
 */
final class RedisBucketStore implements BucketStore, AutoCloseable {

	private static final Duration WARM_UP_RETRY = Duration.ofMillis(200);

	private final RedisClient client;

	private final RedisURI uri;

	private final Duration timeout;

	private final String keyPrefix;

	private final Clock clock;

	private final Object connectLock = new Object();

	private @Nullable CompletableFuture<StatefulRedisConnection<String, byte[]>> connecting;

	private volatile @Nullable AsyncProxyManager<String> buckets;

	// one proxy per bucket, so that concurrent requests on a key are batched into one
	// Redis operation instead of racing each other's compare-and-swap
	private final Cache<String, AsyncBucketProxy> proxies;

	RedisBucketStore(String redisUrl, Duration timeout, String keyPrefix, Clock clock, int maxKeys) {
		this.uri = RedisURI.create(redisUrl);
		this.uri.setTimeout(timeout);
		this.timeout = timeout;
		this.keyPrefix = keyPrefix;
		this.clock = clock;
		this.proxies = Caffeine.newBuilder().maximumSize(maxKeys).expireAfterAccess(Duration.ofMinutes(10)).build();
		this.client = RedisClient.create();
		this.client.setOptions(ClientOptions.builder()
			.autoReconnect(true)
			.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
			.timeoutOptions(TimeoutOptions.enabled(timeout))
			.socketOptions(SocketOptions.builder().connectTimeout(Duration.ofSeconds(2)).build())
			.build());
		// start connecting now, off the request path: the first connection sets up the
		// client's event loops, which takes longer than a request may wait
		connect();
	}

	@Override
	public BucketReading take(String key, RatePolicy policy) throws BucketStoreException {
		return take(key, policy, this.timeout);
	}

	@Override
	public void warmUp(Duration wait) throws BucketStoreException {
		long deadline = System.nanoTime() + wait.toNanos();
		String key = "warm-up:" + UUID.randomUUID();
		BucketStoreException last = null;
		try {
			do {
				try {
					// a throw-away bucket of one request a minute: it expires on its own
					take(key, new RatePolicy(1, null), Duration.ofNanos(remaining(deadline)));
					return;
				}
				catch (BucketStoreException ex) {
					last = ex;
					// a refused connection fails at once: try again shortly, not in a
					// tight loop
					LockSupport.parkNanos(Math.min(remaining(deadline), WARM_UP_RETRY.toNanos()));
				}
			}
			while (remaining(deadline) > 1);
		}
		finally {
			this.proxies.invalidate(key);
		}
		throw last;
	}

	private BucketReading take(String key, RatePolicy policy, Duration timeout) throws BucketStoreException {
		long deadline = System.nanoTime() + timeout.toNanos();
		VerboseResult<ConsumptionProbe> result = await(
				proxy(key, policy, deadline, timeout).asVerbose().tryConsumeAndReturnRemaining(1), deadline, timeout);
		ConsumptionProbe probe = result.getValue();
		return new BucketReading(probe.isConsumed(), result.getDiagnostics().getAvailableTokensPerEachBandwidth(),
				probe.getNanosToWaitForRefill());
	}

	@Override
	public long[] read(String key, RatePolicy policy) throws BucketStoreException {
		long deadline = System.nanoTime() + this.timeout.toNanos();
		return await(proxy(key, policy, deadline, this.timeout).asVerbose().getAvailableTokens(), deadline,
				this.timeout)
			.getDiagnostics()
			.getAvailableTokensPerEachBandwidth();
	}

	private AsyncBucketProxy proxy(String key, RatePolicy policy, long deadline, Duration timeout)
			throws BucketStoreException {
		AsyncProxyManager<String> manager = manager(deadline, timeout);
		return this.proxies.get(key,
				(missing) -> manager.builder()
					.withOptimization(Optimizations.batching())
					.build(this.keyPrefix + key,
							() -> CompletableFuture.completedFuture(policy.bucketConfiguration(this.clock.instant()))));
	}

	private static <T> T await(CompletableFuture<T> operation, long deadline, Duration timeout)
			throws BucketStoreException {
		try {
			return operation.get(remaining(deadline), TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			throw new BucketStoreException("Redis did not answer within " + timeout.toMillis() + " ms", true);
		}
		catch (ExecutionException ex) {
			if (isTimeout(ex)) {
				throw new BucketStoreException("Redis did not answer within " + timeout.toMillis() + " ms", true);
			}
			throw new BucketStoreException(
					"Redis failed: " + NestedExceptionUtils.getMostSpecificCause(ex).getClass().getSimpleName(), false);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new BucketStoreException("interrupted", false);
		}
	}

	private AsyncProxyManager<String> manager(long deadline, Duration timeout) throws BucketStoreException {
		AsyncProxyManager<String> manager = this.buckets;
		if (manager != null) {
			return manager;
		}
		CompletableFuture<StatefulRedisConnection<String, byte[]>> connection = connect();
		try {
			StatefulRedisConnection<String, byte[]> connected = connection.get(remaining(deadline),
					TimeUnit.NANOSECONDS);
			synchronized (this.connectLock) {
				if (this.buckets == null) {
					this.buckets = Bucket4jLettuce.casBasedBuilder(connected)
						.clientClock(new ClockTimeMeter(this.clock))
						.expirationAfterWrite(ExpirationAfterWriteStrategy
							.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(10)))
						.build()
						.asAsync();
				}
				return this.buckets;
			}
		}
		catch (TimeoutException ex) {
			throw new BucketStoreException("could not connect to Redis within " + timeout.toMillis() + " ms", true);
		}
		catch (ExecutionException ex) {
			if (isTimeout(ex)) {
				throw new BucketStoreException("could not connect to Redis within " + timeout.toMillis() + " ms", true);
			}
			throw new BucketStoreException("could not connect to Redis: "
					+ NestedExceptionUtils.getMostSpecificCause(ex).getClass().getSimpleName(), false);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new BucketStoreException("interrupted", false);
		}
	}

	private CompletableFuture<StatefulRedisConnection<String, byte[]>> connect() {
		synchronized (this.connectLock) {
			CompletableFuture<StatefulRedisConnection<String, byte[]>> connection = this.connecting;
			if (connection == null || connection.isCompletedExceptionally()) {
				connection = this.client
					.connectAsync(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE), this.uri)
					.toCompletableFuture();
				this.connecting = connection;
			}
			return connection;
		}
	}

	// Lettuce's own command timeout, or a connection whose handshake got no answer
	private static boolean isTimeout(ExecutionException ex) {
		for (Throwable cause = ex.getCause(); cause != null; cause = cause.getCause()) {
			if (cause instanceof RedisCommandTimeoutException || cause instanceof TimeoutException
					|| cause instanceof ConnectTimeoutException) {
				return true;
			}
		}
		return false;
	}

	private static long remaining(long deadline) {
		return Math.max(1, deadline - System.nanoTime());
	}

	@Override
	public void close() {
		this.client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
	}

}
