package io.codexlb.web;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

import io.codexlb.catalog.CatalogScope;
import io.codexlb.catalog.CatalogSnapshot;
import io.codexlb.catalog.TestCatalogs;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The render cache holds a body per view of the catalog, not per allowed set: keys that
 * see the same models share the bytes, and the cache's hits and misses are metrics.
 */
class ModelsRendererTest {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final ModelsRenderer renderer = new ModelsRenderer(json, TestCatalogs.properties(Map.of()), this.meters);

	private final CatalogSnapshot snapshot = TestCatalogs.merged(List.of(new TestCatalogs.AccountList("a",
			json.readTree("[{\"slug\":\"m-one\",\"priority\":1,\"created\":1750000000},"
					+ "{\"slug\":\"m-two\",\"priority\":2,\"created\":1750000000}]"))),
			Map.of());

	@Test
	void scopesThatSeeTheSameModelsShouldShareOneBody() {
		RenderedBody one = this.renderer.list(this.snapshot, scope("m-one"), true);
		// models the catalog does not have change nothing of what the key sees
		RenderedBody same = this.renderer.list(this.snapshot, scope("m-one", "m-future-1"), true);
		RenderedBody alsoSame = this.renderer.list(this.snapshot, scope("m-one", "m-future-2", "m-future-3"), true);
		assertThat(same).isSameAs(one);
		assertThat(alsoSame).isSameAs(one);
		assertThat(ids(one)).containsExactly("m-one");
		RenderedBody both = this.renderer.list(this.snapshot, scope("m-one", "m-two"), true);
		assertThat(both).isNotSameAs(one);
		assertThat(ids(both)).containsExactly("m-one", "m-two");
		// an unrestricted key sees what a key allowed every model sees
		assertThat(this.renderer.list(this.snapshot, CatalogScope.ALL, true)).isSameAs(both);
		// the list without the Codex array is a body of its own
		assertThat(this.renderer.list(this.snapshot, scope("m-one"), false)).isNotSameAs(one);
	}

	@Test
	void cachesShouldCountTheirHitsAndMisses() {
		this.renderer.list(this.snapshot, scope("m-one"), false);
		this.renderer.list(this.snapshot, scope("m-one"), false);
		this.renderer.list(this.snapshot, scope("m-one", "m-future"), false);
		assertThat(gets("models-views", "miss")).isEqualTo(2);
		assertThat(gets("models-views", "hit")).isEqualTo(1);
		assertThat(gets("models-bodies", "miss")).isEqualTo(1);
		assertThat(gets("models-bodies", "hit")).isEqualTo(2);
	}

	@Test
	void gzipFormShouldBeMadeOnceAndDecompressToTheBody() throws Exception {
		RenderedBody small = new RenderedBody(new byte[RenderedBody.GZIP_MIN_BYTES - 1], "\"a\"", "\"a-gzip\"");
		assertThat(small.compressible()).isFalse();
		assertThat(small.weight()).isEqualTo(RenderedBody.GZIP_MIN_BYTES - 1);
		byte[] json = "{\"data\":[]}".repeat(200).getBytes(StandardCharsets.UTF_8);
		RenderedBody large = new RenderedBody(json, "\"b\"", "\"b-gzip\"");
		assertThat(large.compressible()).isTrue();
		assertThat(large.weight()).isEqualTo(json.length + json.length / 4);
		byte[] gzip = large.gzip();
		assertThat(large.gzip()).isSameAs(gzip);
		try (GZIPInputStream input = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
			assertThat(input.readAllBytes()).isEqualTo(json);
		}
	}

	private double gets(String cache, String result) {
		return this.meters.get("cache.gets").tag("cache", cache).tag("result", result).functionCounter().count();
	}

	private static CatalogScope scope(String... models) {
		return new CatalogScope(Set.of(models), null);
	}

	private static List<String> ids(RenderedBody body) {
		JsonNode data = json.readTree(body.identity()).get("data");
		return data.valueStream().map((model) -> model.get("id").asString()).toList();
	}

}
