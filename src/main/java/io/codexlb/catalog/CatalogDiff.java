package io.codexlb.catalog;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * What differs between two snapshots, model by model, and between two lists of one
 * account, as the changes the change history records.
 */
final class CatalogDiff {

	private CatalogDiff() {
	}

	/**
	 * The models added, removed and changed from one snapshot to the next, by model id.
	 * Which accounts advertise a model is no change of the model: the accounts' own list
	 * changes say it.
	 * @param previous the snapshot clients saw
	 * @param next the new snapshot
	 * @param jsonMapper writes the old and new values
	 * @return the changes, removed ones first, each kind by model id
	 */
	static List<CatalogChangeLog.Pending> models(CatalogSnapshot previous, CatalogSnapshot next,
			JsonMapper jsonMapper) {
		Map<String, CatalogModel> before = byId(previous);
		Map<String, CatalogModel> after = byId(next);
		List<CatalogChangeLog.Pending> changes = new ArrayList<>();
		before.forEach((id, model) -> {
			if (!after.containsKey(id)) {
				changes.add(new CatalogChangeLog.Pending(CatalogChange.MODEL_REMOVED, id, null, null,
						model.advertisedBy()));
			}
		});
		after.forEach((id, model) -> {
			if (!before.containsKey(id)) {
				changes
					.add(new CatalogChangeLog.Pending(CatalogChange.MODEL_ADDED, id, null, null, model.advertisedBy()));
			}
		});
		after.forEach((id, model) -> {
			CatalogModel old = before.get(id);
			if (old != null) {
				ObjectNode fields = changedFields(old, model, jsonMapper);
				if (!fields.isEmpty()) {
					changes.add(new CatalogChangeLog.Pending(CatalogChange.MODEL_CHANGED, id, null, fields,
							model.advertisedBy()));
				}
			}
		});
		return changes;
	}

	/**
	 * The models an account's list gained and lost.
	 * @param accountId the account
	 * @param before the slugs of its last good list, {@code null} before its first
	 * @param after the slugs of its new list
	 * @param jsonMapper builds the JSON
	 * @return the change, or {@code null} when the list has the same models
	 */
	static CatalogChangeLog.@Nullable Pending account(String accountId, @Nullable Set<String> before, Set<String> after,
			JsonMapper jsonMapper) {
		Set<String> old = (before != null) ? before : Set.of();
		TreeSet<String> gained = new TreeSet<>(after);
		gained.removeAll(old);
		TreeSet<String> lost = new TreeSet<>(old);
		lost.removeAll(after);
		if (gained.isEmpty() && lost.isEmpty()) {
			return null;
		}
		ObjectNode changes = jsonMapper.createObjectNode();
		changes.set("gained", jsonMapper.valueToTree(gained));
		changes.set("lost", jsonMapper.valueToTree(lost));
		return new CatalogChangeLog.Pending(CatalogChange.ACCOUNT_MODELS_CHANGED, null, accountId, changes, List.of());
	}

	private static Map<String, CatalogModel> byId(CatalogSnapshot snapshot) {
		Map<String, CatalogModel> models = new LinkedHashMap<>();
		snapshot.codexOrdered()
			.stream()
			.sorted((one, two) -> one.id().compareTo(two.id()))
			.forEach((model) -> models.put(model.id(), model));
		return models;
	}

	private static ObjectNode changedFields(CatalogModel old, CatalogModel model, JsonMapper jsonMapper) {
		Map<String, @Nullable Object> before = wireFields(old);
		Map<String, @Nullable Object> after = wireFields(model);
		ObjectNode changed = jsonMapper.createObjectNode();
		before.forEach((field, value) -> {
			Object next = after.get(field);
			if (!Objects.equals(value, next)) {
				ObjectNode change = changed.putObject(field);
				change.set("old", jsonMapper.valueToTree(value));
				change.set("new", jsonMapper.valueToTree(next));
			}
		});
		return changed;
	}

	// the metadata as the models routes show it, and the visibility the Codex CLI reads
	private static Map<String, @Nullable Object> wireFields(CatalogModel model) {
		ModelMetadata metadata = model.metadata();
		Map<String, @Nullable Object> fields = new LinkedHashMap<>();
		fields.put("display_name", metadata.displayName());
		fields.put("description", metadata.description());
		fields.put("context_window", metadata.contextWindow());
		fields.put("input_modalities", metadata.inputModalities());
		fields.put("supported_reasoning_levels",
				metadata.supportedReasoningLevels()
					.stream()
					.map((level) -> Map.of("effort", level.effort(), "description", level.description()))
					.toList());
		fields.put("default_reasoning_level", metadata.defaultReasoningLevel());
		fields.put("supports_reasoning_summaries", metadata.supportsReasoningSummaries());
		fields.put("support_verbosity", metadata.supportVerbosity());
		fields.put("default_verbosity", metadata.defaultVerbosity());
		fields.put("prefer_websockets", metadata.preferWebsockets());
		fields.put("supports_parallel_tool_calls", metadata.supportsParallelToolCalls());
		fields.put("supported_in_api", metadata.supportedInApi());
		fields.put("minimal_client_version", metadata.minimalClientVersion());
		fields.put("priority", metadata.priority());
		fields.put("visibility", model.visibility().wireName());
		return fields;
	}

	static Set<String> slugs(@Nullable JsonNode models) {
		Set<String> slugs = new TreeSet<>();
		if (models != null) {
			for (JsonNode entry : models) {
				ObjectNode normalized = CodexEntries.normalize(entry);
				if (normalized != null) {
					slugs.add(normalized.get("slug").asString());
				}
			}
		}
		return slugs;
	}

}
