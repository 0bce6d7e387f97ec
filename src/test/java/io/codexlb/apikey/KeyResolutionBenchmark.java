package io.codexlb.apikey;

import java.util.concurrent.TimeUnit;

import io.codexlb.bench.RunningService;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Key resolution on every models request: the hash, the cache hit and the usage record;
 * and the rejection of a malformed token, which must not reach the cache or the store.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class KeyResolutionBenchmark {

	private ApiKeyResolver resolver;

	@Setup
	public void setUp(RunningService service) {
		this.resolver = service.bean(ApiKeyResolver.class);
	}

	@Benchmark
	public ApiKeyResolver.Resolution cachedKey() {
		return this.resolver.resolve(RunningService.KEY);
	}

	@Benchmark
	public ApiKeyResolver.Resolution malformedToken() {
		return this.resolver.resolve("sk-clb-not a key");
	}

	@Benchmark
	public String hash() {
		return ApiKeyFormat.hash(RunningService.KEY);
	}

}
