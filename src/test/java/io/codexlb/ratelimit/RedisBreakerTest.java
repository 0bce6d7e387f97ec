package io.codexlb.ratelimit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.codexlb.apikey.ApiKeyGrant;
import io.codexlb.apikey.KeyRateLimit;
import io.codexlb.support.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The breaker in front of Redis, with a scripted Redis and a clock the test moves: it
 * opens on failures, probes again after the retry interval, closes when Redis answers,
 * and while it is open a key's local bucket goes on from what Redis last said about it.
 */
class RedisBreakerTest {

	// the open breaker's wait is over once the clock is past it
	private static final Duration RETRY_INTERVAL = Duration.ofMillis(1001);

	private final MutableClock clock = new MutableClock();

	private final ScriptedRedis redis = new ScriptedRedis(this.clock);

	private final RateLimiter limiter = new RateLimiter(
			new RateLimitProperties(new RateLimitProperties.DefaultPolicy(60, null), RateLimitProperties.Store.REDIS,
					"redis://127.0.0.1:1", RateLimitProperties.FailureMode.LOCAL_FALLBACK, Duration.ofMillis(100),
					Duration.ofSeconds(1), Duration.ofSeconds(10), 1000, "test:"),
			new LocalBucketStore(this.clock, 1000), this.redis, this.clock, new SimpleMeterRegistry());

	@Test
	void takeWhenRedisFailsShouldOpenOnceHalfTheCallsFailedThenStopAskingIt() {
		ApiKeyGrant key = key("busy", 1000, null);
		this.limiter.take(key);
		assertThat(this.limiter.redisBreakerState()).isEqualTo("closed");
		this.redis.failing = true;
		for (int i = 0; i < 20; i++) {
			assertThat(this.limiter.take(key)).isInstanceOf(RateLimitDecision.Admitted.class);
		}
		assertThat(this.redis.calls).as("half of the first five calls failed: open").isEqualTo(5);
		assertThat(this.limiter.redisBreakerState()).isEqualTo("open");
		assertThat(this.limiter.redisFailure()).isNotNull();
	}

	@Test
	void takeWhenOneOfTenCallsFailsShouldKeepUsingRedis() {
		ApiKeyGrant key = key("mostly-fine", 1000, null);
		for (int i = 0; i < 100; i++) {
			this.redis.failing = (i % 10 == 0);
			this.limiter.take(key);
		}
		assertThat(this.redis.calls).isEqualTo(100);
		assertThat(this.limiter.redisBreakerState()).isEqualTo("closed");
	}

	@Test
	void takeAfterRetryIntervalShouldProbeRedisAndCloseWhenItAnswers() {
		ApiKeyGrant key = key("probing", 1000, null);
		this.redis.failing = true;
		for (int i = 0; i < 5; i++) {
			this.limiter.take(key);
		}
		assertThat(this.limiter.redisBreakerState()).isEqualTo("open");
		int callsWhileOpen = this.redis.calls;
		this.limiter.take(key);
		assertThat(this.redis.calls).isEqualTo(callsWhileOpen);

		// still failing when it half-opens: open again
		this.clock.advance(RETRY_INTERVAL);
		for (int i = 0; i < 3; i++) {
			this.limiter.take(key);
		}
		assertThat(this.redis.calls).isEqualTo(callsWhileOpen + 3);
		assertThat(this.limiter.redisBreakerState()).isEqualTo("open");

		// answering when it half-opens: closed after the three probes
		this.redis.failing = false;
		this.clock.advance(RETRY_INTERVAL);
		this.limiter.take(key);
		assertThat(this.limiter.redisBreakerState()).isEqualTo("half_open");
		this.limiter.take(key);
		this.limiter.take(key);
		assertThat(this.limiter.redisBreakerState()).isEqualTo("closed");
		assertThat(this.limiter.redisFailure()).isNull();
	}

	@Test
	void takeDuringOutageShouldGiveAKeyNoMoreThanRedisLastSaidItHad() {
		ApiKeyGrant spent = key("spent", 5, null);
		ApiKeyGrant halfUsed = key("half-used", 10, null);
		for (int i = 0; i < 5; i++) {
			assertThat(this.limiter.take(spent)).isInstanceOf(RateLimitDecision.Admitted.class);
			assertThat(this.limiter.take(halfUsed)).isInstanceOf(RateLimitDecision.Admitted.class);
		}
		assertThat(this.limiter.take(spent)).isInstanceOf(RateLimitDecision.Rejected.class);

		this.redis.failing = true;
		List<Class<?>> spentDuringOutage = new ArrayList<>();
		int halfUsedAdmitted = 0;
		for (int i = 0; i < 20; i++) {
			spentDuringOutage.add(this.limiter.take(spent).getClass());
			halfUsedAdmitted += (this.limiter.take(halfUsed) instanceof RateLimitDecision.Admitted) ? 1 : 0;
		}
		assertThat(spentDuringOutage).as("a key that had used its quota")
			.containsOnly(RateLimitDecision.Rejected.class);
		assertThat(halfUsedAdmitted).as("what was left of a 10/min quota").isEqualTo(5);
		assertThat(this.limiter.redisBreakerState()).isEqualTo("open");

		// the minute window refills locally as it would in Redis: one token per 12 s
		this.clock.advance(Duration.ofSeconds(12));
		assertThat(this.limiter.take(spent)).isInstanceOf(RateLimitDecision.Admitted.class);
		assertThat(this.limiter.take(spent)).isInstanceOf(RateLimitDecision.Rejected.class);

		// a key this replica never saw in Redis starts full
		int fresh = 0;
		for (int i = 0; i < 10; i++) {
			fresh += (this.limiter.take(key("never-seen", 5, null)) instanceof RateLimitDecision.Admitted) ? 1 : 0;
		}
		assertThat(fresh).isEqualTo(5);
	}

	@Test
	void takeDuringOutageShouldKeepAnExhaustedDailyQuotaUntilMidnight() {
		ApiKeyGrant daily = key("daily", 100, 3);
		for (int i = 0; i < 3; i++) {
			assertThat(this.limiter.take(daily)).isInstanceOf(RateLimitDecision.Admitted.class);
		}
		this.redis.failing = true;
		this.clock.advance(Duration.ofHours(1));
		for (int i = 0; i < 10; i++) {
			assertThat(this.limiter.take(daily)).isInstanceOf(RateLimitDecision.Rejected.class);
		}
	}

	// a generous bound for a call that would otherwise wait forever, not a latency goal
	@Test
	@Timeout(60)
	void takeWhenRedisAcceptsButNeverAnswersShouldGiveUp() throws IOException {
		try (ServerSocket frozen = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
				RedisBucketStore store = new RedisBucketStore("redis://127.0.0.1:" + frozen.getLocalPort(),
						Duration.ofMillis(100), "test:", this.clock, 100)) {
			// the connection is accepted and then left without an answer
			Thread acceptor = new Thread(() -> {
				List<Socket> held = new ArrayList<>();
				try {
					while (!frozen.isClosed()) {
						held.add(frozen.accept());
					}
				}
				catch (IOException ex) {
					// closed at the end of the test
				}
			});
			acceptor.setDaemon(true);
			acceptor.start();
			// each call gives up (as a timeout, or as the failed connection Lettuce
			// reports when its own handshake timeout fires first) instead of waiting
			for (int i = 0; i < 3; i++) {
				assertThatExceptionOfType(BucketStore.BucketStoreException.class)
					.isThrownBy(() -> store.take("key", new RatePolicy(10, null)))
					.withMessageContaining("Redis");
			}
			assertThatExceptionOfType(BucketStore.BucketStoreException.class)
				.isThrownBy(() -> store.warmUp(Duration.ofMillis(300)));
		}
	}

	private static ApiKeyGrant key(String id, int perMinute, Integer perDay) {
		return new ApiKeyGrant(id, "sk-clb-" + id, Set.of(), null, false, new KeyRateLimit(perMinute, perDay), null,
				true);
	}

	@Test
	void readShouldTakeNoTokenFromRedisNorFromTheFallback() {
		ApiKeyGrant key = key("reader", 5, 100);
		this.limiter.take(key);
		this.limiter.take(key);
		assertThat(this.limiter.read(key))
			.extracting(RateLimitWindow::window, RateLimitWindow::limit, RateLimitWindow::remaining)
			.containsExactly(tuple("minute", 5L, 3L), tuple("day", 100L, 98L));
		assertThat(this.limiter.read(key)).extracting(RateLimitWindow::remaining).containsExactly(3L, 98L);
		int calls = this.redis.calls;
		this.redis.failing = true;
		assertThat(this.limiter.read(key)).as("from the last reading of Redis")
			.extracting(RateLimitWindow::remaining)
			.containsExactly(3L, 98L);
		assertThat(this.limiter.redisBreakerState()).as("a read is no request").isEqualTo("closed");
		assertThat(this.limiter.take(key)).isInstanceOf(RateLimitDecision.Admitted.class);
		assertThat(this.limiter.read(key)).extracting(RateLimitWindow::remaining).containsExactly(2L, 97L);
		assertThat(this.limiter.read(key)).extracting(RateLimitWindow::remaining).containsExactly(2L, 97L);
		assertThat(this.redis.calls).isEqualTo(calls + 1);
	}

	@Test
	void readWhenRedisFailsAndFailClosedShouldHaveNoReading() {
		RateLimiter failClosed = new RateLimiter(
				new RateLimitProperties(new RateLimitProperties.DefaultPolicy(60, null),
						RateLimitProperties.Store.REDIS, "redis://127.0.0.1:1",
						RateLimitProperties.FailureMode.FAIL_CLOSED, Duration.ofMillis(100), Duration.ofSeconds(1),
						Duration.ofSeconds(10), 1000, "test:"),
				new LocalBucketStore(this.clock, 1000), this.redis, this.clock, new SimpleMeterRegistry());
		ApiKeyGrant key = key("closed", 5, null);
		assertThat(failClosed.read(key)).extracting(RateLimitWindow::remaining).containsExactly(5L);
		this.redis.failing = true;
		assertThat(failClosed.read(key)).as("as the models routes answer 503").isNull();
	}

	@Test
	void readOfAKeyNeverSeenShouldBeWholeAndResetAtOnce() {
		assertThat(this.limiter.read(key("unseen", 60, null)))
			.containsExactly(new RateLimitWindow("minute", 60, 60, 0));
	}

	/**
	 * A Redis that answers from buckets of its own (shared among the requests like the
	 * real one) or fails, as the test says, and counts the calls it got.
	 */
	static final class ScriptedRedis implements BucketStore {

		private final LocalBucketStore buckets;

		boolean failing;

		int calls;

		ScriptedRedis(MutableClock clock) {
			this.buckets = new LocalBucketStore(clock, 1000);
		}

		@Override
		public BucketReading take(String key, RatePolicy policy) throws BucketStoreException {
			this.calls++;
			if (this.failing) {
				throw new BucketStoreException("Redis did not answer within 100 ms", true);
			}
			return this.buckets.take(key, policy);
		}

		@Override
		public long[] read(String key, RatePolicy policy) throws BucketStoreException {
			if (this.failing) {
				throw new BucketStoreException("Redis did not answer within 100 ms", true);
			}
			return this.buckets.read(key, policy);
		}

	}

}
