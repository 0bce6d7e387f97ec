package io.codexlb.web;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.codexlb.catalog.CatalogModel;
import io.codexlb.catalog.ModelMetadata;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON the models endpoint sends, in the shape of OpenAI's models list with
 * Codex-LB's metadata; every field is always written, {@code null} included.
 */
final class ModelsWire {

	private ModelsWire() {
	}

	static ModelObject model(CatalogModel model, String ownedBy) {
		ModelMetadata metadata = model.metadata();
		return new ModelObject(model.id(), "model", model.created(), ownedBy,
				new Metadata(metadata.displayName(), metadata.description(), metadata.contextWindow(),
						metadata.inputModalities(),
						metadata.supportedReasoningLevels()
							.stream()
							.map((level) -> new Level(level.effort(), level.description()))
							.toList(),
						metadata.defaultReasoningLevel(), metadata.supportsReasoningSummaries(),
						metadata.supportVerbosity(), metadata.defaultVerbosity(), metadata.preferWebsockets(),
						metadata.supportsParallelToolCalls(), metadata.supportedInApi(),
						metadata.minimalClientVersion(), metadata.priority()));
	}

	/**
	 * The OpenAI list: {@code {"object":"list","data":[...]}}.
	 *
	 * @param object always {@code list}
	 * @param data the models
	 */
	@JsonInclude(JsonInclude.Include.ALWAYS)
	record ModelList(String object, List<ModelObject> data) {

	}

	/**
	 * The OpenAI list plus the Codex CLI's {@code models} array.
	 *
	 * @param object always {@code list}
	 * @param data the models
	 * @param models the Codex-native entries
	 */
	@JsonInclude(JsonInclude.Include.ALWAYS)
	record CodexModelList(String object, List<ModelObject> data, List<ObjectNode> models) {

	}

	/**
	 * One model object.
	 *
	 * @param id the model id
	 * @param object always {@code model}
	 * @param created epoch seconds
	 * @param ownedBy the owner
	 * @param metadata the metadata
	 */
	@JsonInclude(JsonInclude.Include.ALWAYS)
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	record ModelObject(String id, String object, long created, String ownedBy, Metadata metadata) {

	}

	/**
	 * The fourteen metadata fields, in the order of the endpoint's documentation.
	 *
	 * @param displayName display name
	 * @param description description
	 * @param contextWindow context window
	 * @param inputModalities input modalities
	 * @param supportedReasoningLevels reasoning levels
	 * @param defaultReasoningLevel default reasoning level
	 * @param supportsReasoningSummaries reasoning summaries
	 * @param supportVerbosity verbosity support
	 * @param defaultVerbosity default verbosity
	 * @param preferWebsockets websocket preference
	 * @param supportsParallelToolCalls parallel tool calls
	 * @param supportedInApi API support
	 * @param minimalClientVersion minimal client version
	 * @param priority the load-balancing weight: higher is preferred
	 */
	@JsonInclude(JsonInclude.Include.ALWAYS)
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	record Metadata(String displayName, String description, @Nullable Integer contextWindow,
			List<String> inputModalities, List<Level> supportedReasoningLevels, @Nullable String defaultReasoningLevel,
			boolean supportsReasoningSummaries, boolean supportVerbosity, @Nullable String defaultVerbosity,
			boolean preferWebsockets, boolean supportsParallelToolCalls, boolean supportedInApi,
			@Nullable String minimalClientVersion, int priority) {

	}

	/**
	 * A reasoning level.
	 *
	 * @param effort the effort
	 * @param description the description
	 */
	@JsonInclude(JsonInclude.Include.ALWAYS)
	record Level(String effort, String description) {

	}

}
