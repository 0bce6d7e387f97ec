package io.codexlb.ratelimit;

import java.util.concurrent.TimeUnit;

import io.codexlb.apikey.ApiKeyGrant;
import io.codexlb.bench.RunningService;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One bucket take on the local store, with the rate-limit headers it yields: what every
 * admitted models request pays.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class BucketTakeBenchmark {

	private RateLimiter limiter;

	private ApiKeyGrant grant;

	@Setup
	public void setUp(RunningService service) {
		this.limiter = service.bean(RateLimiter.class);
		this.grant = service.grant();
	}

	@Benchmark
	public RateLimitDecision take() {
		return this.limiter.take(this.grant);
	}

}
