package io.codexlb.ratelimit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.codexlb.apikey.ApiKeyGrant;
import io.codexlb.apikey.KeyRateLimit;
import io.codexlb.support.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The in-process limiter with time moved by hand: no sleeps.
 */
class LocalRateLimiterTest {

	private final MutableClock clock = new MutableClock();

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final RateLimiter limiter = new RateLimiter(
			new RateLimitProperties(new RateLimitProperties.DefaultPolicy(60, null), RateLimitProperties.Store.LOCAL,
					null, RateLimitProperties.FailureMode.LOCAL_FALLBACK, Duration.ofMillis(100), Duration.ofSeconds(1),
					Duration.ofSeconds(10), 1000, "test:"),
			new LocalBucketStore(this.clock, 1000), null, this.clock, this.meters);

	@Test
	void takeWhenSixPerMinuteShouldAdmitSixThenRejectUntilATokenRefills() {
		ApiKeyGrant key = key("six", 6, null);
		List<String> remaining = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			RateLimitDecision decision = this.limiter.take(key);
			assertThat(decision).isInstanceOf(RateLimitDecision.Admitted.class);
			remaining.add(header(((RateLimitDecision.Admitted) decision).headers(), "x-ratelimit-remaining-requests"));
		}
		assertThat(remaining).containsExactly("5", "4", "3", "2", "1", "0");
		RateLimitDecision rejected = this.limiter.take(key);
		assertThat(rejected).isInstanceOf(RateLimitDecision.Rejected.class);
		assertThat(((RateLimitDecision.Rejected) rejected).retryAfterSeconds()).isEqualTo(10);
		assertThat(header(((RateLimitDecision.Rejected) rejected).headers(), "x-ratelimit-remaining-requests"))
			.isEqualTo("0");
		this.clock.advance(Duration.ofMillis(9_500));
		assertThat(((RateLimitDecision.Rejected) this.limiter.take(key)).retryAfterSeconds()).isEqualTo(1);
		this.clock.advance(Duration.ofMillis(500));
		assertThat(this.limiter.take(key)).isInstanceOf(RateLimitDecision.Admitted.class);
		assertThat(this.limiter.take(key)).isInstanceOf(RateLimitDecision.Rejected.class);
		this.clock.advance(Duration.ofMinutes(1));
		for (int i = 0; i < 6; i++) {
			assertThat(this.limiter.take(key)).isInstanceOf(RateLimitDecision.Admitted.class);
		}
		assertThat(this.meters.get("codex_lb_rate_limit_requests")
			.tags("outcome", "rejected", "store", "local")
			.counter()
			.count()).isEqualTo(3);
	}

	@Test
	void takeWhenDailyQuotaSpentShouldRejectUntilUtcMidnight() {
		ApiKeyGrant key = key("daily", 100, 3);
		for (int i = 0; i < 3; i++) {
			assertThat(this.limiter.take(key)).isInstanceOf(RateLimitDecision.Admitted.class);
		}
		RateLimitDecision.Rejected rejected = (RateLimitDecision.Rejected) this.limiter.take(key);
		// the clock is at 10:00 UTC: 14 hours to midnight
		assertThat(rejected.retryAfterSeconds()).isEqualTo(14 * 3600);
		assertThat(header(rejected.headers(), "RateLimit")).isEqualTo("\"daily\";r=0;t=50400");
		this.clock.advance(Duration.ofHours(13).plusMinutes(59).plusSeconds(59));
		assertThat(this.limiter.take(key)).isInstanceOf(RateLimitDecision.Rejected.class);
		this.clock.advance(Duration.ofSeconds(1));
		for (int i = 0; i < 3; i++) {
			assertThat(this.limiter.take(key)).isInstanceOf(RateLimitDecision.Admitted.class);
		}
		assertThat(this.limiter.take(key)).isInstanceOf(RateLimitDecision.Rejected.class);
	}

	@Test
	void takeWhenPolicyChangesShouldFollowTheNewPolicyAtOnce() {
		for (int i = 0; i < 2; i++) {
			this.limiter.take(key("changing", 2, null));
		}
		assertThat(this.limiter.take(key("changing", 2, null))).isInstanceOf(RateLimitDecision.Rejected.class);
		RateLimitDecision.Admitted admitted = (RateLimitDecision.Admitted) this.limiter.take(key("changing", 5, null));
		assertThat(header(admitted.headers(), "x-ratelimit-limit-requests")).isEqualTo("5");
		assertThat(header(this.limiter.take(key("no-own-policy", 0, null)) instanceof RateLimitDecision.Admitted a
				? a.headers() : List.of(), "RateLimit-Policy"))
			.isEqualTo("\"default\";q=60;w=60");
	}

	@Test
	void takeWhenFiftyThreadsHammerOneKeyShouldAdmitExactlyTheQuotaAndLeaveOtherKeysAlone() throws Exception {
		ApiKeyGrant hammered = key("hammered", 100, null);
		AtomicInteger admitted = new AtomicInteger();
		ExecutorService threads = Executors.newFixedThreadPool(50);
		CountDownLatch start = new CountDownLatch(1);
		for (int t = 0; t < 50; t++) {
			threads.execute(() -> {
				try {
					start.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				for (int i = 0; i < 10; i++) {
					if (this.limiter.take(hammered) instanceof RateLimitDecision.Admitted) {
						admitted.incrementAndGet();
					}
				}
			});
		}
		start.countDown();
		threads.shutdown();
		assertThat(threads.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
		assertThat(admitted.get()).isEqualTo(100);
		assertThat(this.limiter.take(key("untouched", 100, null))).isInstanceOf(RateLimitDecision.Admitted.class);
	}

	private static ApiKeyGrant key(String id, int perMinute, Integer perDay) {
		return new ApiKeyGrant(id, "sk-clb-" + id, Set.of(), null, false,
				(perMinute > 0) ? new KeyRateLimit(perMinute, perDay) : null, null, true);
	}

	private static String header(List<RateLimitHeader> headers, String name) {
		for (RateLimitHeader header : headers) {
			if (header.name().equals(name)) {
				return header.value();
			}
		}
		throw new AssertionError("no header " + name);
	}

}
