package io.codexlb.usage;

import java.util.concurrent.TimeUnit;

import io.codexlb.bench.RunningService;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * The usage count a models request adds: the service's own counter, one key counted from
 * two threads, as two request threads of one busy key would.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class UsageCountBenchmark {

	private UsageCounter counter;

	private String keyId;

	@Setup
	public void setUp(RunningService service) {
		this.counter = service.bean(UsageCounter.class);
		this.keyId = service.grant().keyId();
	}

	@Benchmark
	@Threads(2)
	public void count() {
		this.counter.count(this.keyId, 200);
	}

}
