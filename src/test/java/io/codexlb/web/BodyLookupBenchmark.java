package io.codexlb.web;

import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.codexlb.bench.RunningService;
import io.codexlb.catalog.CatalogScope;
import io.codexlb.catalog.ModelCatalog;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The lookup of a pre-rendered body for a request: the current snapshot, then the body
 * for the key's scope and the response shape. Nothing is serialized per request.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class BodyLookupBenchmark {

	private ModelCatalog catalog;

	private ModelsRenderer renderer;

	private CatalogScope restricted;

	private String modelId;

	@Setup
	public void setUp(RunningService service) {
		this.catalog = service.bean(ModelCatalog.class);
		this.renderer = service.bean(ModelsRenderer.class);
		this.modelId = this.catalog.current().listed().get(0).id();
		this.restricted = new CatalogScope(Set.of(this.modelId), null);
	}

	@Benchmark
	public RenderedBody unrestrictedList() {
		return this.renderer.list(this.catalog.current(), CatalogScope.ALL, false);
	}

	@Benchmark
	public RenderedBody restrictedList() {
		return this.renderer.list(this.catalog.current(), this.restricted, false);
	}

	@Benchmark
	public RenderedBody codexList() {
		return this.renderer.list(this.catalog.current(), CatalogScope.ALL, true);
	}

	@Benchmark
	public RenderedBody model() {
		return this.renderer.model(this.catalog.current(), this.modelId, CatalogScope.ALL);
	}

}
