package io.codexlb.web;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.codexlb.catalog.CatalogModel;
import io.codexlb.catalog.CatalogProperties;
import io.codexlb.catalog.CatalogScope;
import io.codexlb.catalog.CatalogSnapshot;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.stereotype.Component;

/**
 * Renders the models bodies: each (snapshot, models a key sees, shape) is serialized and
 * compressed once, then served as bytes. Which models a key sees is decided by its
 * {@link CatalogScope}, the one the catalog explanation uses. Keys whose scopes differ
 * but see the same models (an allowed model the catalog does not have, an account that
 * advertises nothing else) share one body: the bodies are bounded by the distinct views
 * of the catalog, not by the distinct allowed sets, of which an instance may have
 * thousands.
 */
@Component
class ModelsRenderer {

	/**
	 * How many scopes a view is remembered for, per body the cache holds: a scope costs a
	 * few hundred bytes, a body kilobytes.
	 */
	static final int SCOPES_PER_BODY = 16;

	private final JsonMapper jsonMapper;

	private final String ownedBy;

	private final Cache<ScopeKey, View> views;

	private final Cache<RenderKey, RenderedBody> bodies;

	ModelsRenderer(JsonMapper jsonMapper, CatalogProperties properties, MeterRegistry meterRegistry) {
		this.jsonMapper = jsonMapper;
		this.ownedBy = properties.ownedBy();
		this.views = Caffeine.newBuilder()
			.maximumSize((long) properties.renderCacheSize() * SCOPES_PER_BODY)
			.recordStats()
			.build();
		// at most render-cache-size bodies and a quarter of the heap: a body weighs its
		// bytes, and at least its share of the quarter
		long budget = Runtime.getRuntime().maxMemory() / 4;
		int share = (int) Math.min(Integer.MAX_VALUE, budget / properties.renderCacheSize());
		this.bodies = Caffeine.newBuilder()
			.maximumWeight(budget)
			.<RenderKey, RenderedBody>weigher((key, body) -> Math.max(body.weight(), share))
			.recordStats()
			.build();
		CaffeineCacheMetrics.monitor(meterRegistry, this.views, "models-views");
		CaffeineCacheMetrics.monitor(meterRegistry, this.bodies, "models-bodies");
	}

	/**
	 * The list body for a key.
	 * @param snapshot the catalog snapshot
	 * @param scope what the key sees of the catalog
	 * @param codexShape whether to add the Codex CLI's {@code models} array
	 * @return the rendered body
	 */
	RenderedBody list(CatalogSnapshot snapshot, CatalogScope scope, boolean codexShape) {
		View view = this.views.get(new ScopeKey(snapshot.sequence(), scope), (missing) -> View.of(snapshot, scope));
		RenderKey key = new RenderKey(view, codexShape ? Shape.CODEX_LIST : Shape.LIST, "");
		return this.bodies.get(key, (missing) -> renderList(snapshot, view, codexShape));
	}

	/**
	 * The body of one model, if the key lists it.
	 * @param snapshot the catalog snapshot
	 * @param modelId the model id
	 * @param scope what the key sees of the catalog
	 * @return the rendered body, or {@code null} when the key does not list the model
	 */
	@Nullable RenderedBody model(CatalogSnapshot snapshot, String modelId, CatalogScope scope) {
		CatalogModel model = snapshot.listedModel(modelId);
		if (model == null || !scope.lists(snapshot, model)) {
			return null;
		}
		// the same bytes for every key that lists the model
		RenderKey key = new RenderKey(new View(snapshot.sequence(), List.of()), Shape.MODEL, modelId);
		return this.bodies.get(key, (missing) -> render(ModelsWire.model(model, this.ownedBy)));
	}

	// a scope lists a model when the model is listed and in its Codex array
	private RenderedBody renderList(CatalogSnapshot snapshot, View view, boolean codexShape) {
		Set<String> seen = Set.copyOf(view.modelIds());
		List<ModelsWire.ModelObject> data = snapshot.listed()
			.stream()
			.filter((model) -> model.listed() && seen.contains(model.id()))
			.map((model) -> ModelsWire.model(model, this.ownedBy))
			.toList();
		if (!codexShape) {
			return render(new ModelsWire.ModelList("list", data));
		}
		List<ObjectNode> models = snapshot.codexOrdered()
			.stream()
			.filter((model) -> seen.contains(model.id()))
			.map(CatalogModel::codexEntry)
			.toList();
		return render(new ModelsWire.CodexModelList("list", data, models));
	}

	private RenderedBody render(Object wire) {
		byte[] identity = this.jsonMapper.writeValueAsBytes(wire);
		String tag = tag(identity);
		return new RenderedBody(identity, "\"" + tag + "\"", "\"" + tag + "-gzip\"");
	}

	private static String tag(byte[] body) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
			return HexFormat.of().formatHex(digest, 0, 16);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private enum Shape {

		LIST, CODEX_LIST, MODEL

	}

	private record ScopeKey(long snapshotSequence, CatalogScope scope) {

	}

	/**
	 * What a scope sees of a snapshot: the models of its Codex array, in the snapshot's
	 * order.
	 *
	 * @param snapshotSequence the snapshot
	 * @param modelIds the ids of the models
	 */
	private record View(long snapshotSequence, List<String> modelIds) {

		static View of(CatalogSnapshot snapshot, CatalogScope scope) {
			return new View(snapshot.sequence(),
					snapshot.codexOrdered()
						.stream()
						.filter((model) -> scope.inCodexModels(snapshot, model))
						.map(CatalogModel::id)
						.toList());
		}

	}

	private record RenderKey(View view, Shape shape, String modelId) {

	}

}
