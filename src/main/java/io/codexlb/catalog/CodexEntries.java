package io.codexlb.catalog;

import java.util.Set;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Makes an upstream model entry valid for the Codex CLI, which rejects the whole list
 * when one entry lacks a required field or has an unknown enum value. Unknown fields are
 * kept as they are.
 */
final class CodexEntries {

	static final int MAX_SLUG_LENGTH = 200;

	/**
	 * The upstream priority given to an entry without one: the bottom of the list, which
	 * is 0 on the models routes' scale.
	 */
	static final int MISSING_PRIORITY = 100;

	private static final Set<String> SHELL_TYPES = Set.of("default", "local", "unified_exec", "disabled",
			"shell_command");

	private static final Set<String> TRUNCATION_MODES = Set.of("tokens", "bytes");

	private CodexEntries() {
	}

	/**
	 * Returns a normalized copy of an upstream entry.
	 * @param entry the upstream entry
	 * @return the copy, or {@code null} when the entry has no usable slug
	 */
	static @Nullable ObjectNode normalize(JsonNode entry) {
		if (!entry.isObject()) {
			return null;
		}
		String slug = text(entry.get("slug"));
		if (slug == null || slug.isBlank() || slug.length() > MAX_SLUG_LENGTH
				|| slug.strip().length() != slug.length()) {
			return null;
		}
		ObjectNode copy = (ObjectNode) entry.deepCopy();
		if (text(copy.get("display_name")) == null) {
			copy.put("display_name", slug);
		}
		copy.set("supported_reasoning_levels", reasoningLevels(copy));
		String shellType = text(copy.get("shell_type"));
		if (shellType == null || !SHELL_TYPES.contains(shellType)) {
			copy.put("shell_type", "default");
		}
		String visibility = text(copy.get("visibility"));
		if (visibility == null) {
			copy.put("visibility", Visibility.LIST.wireName());
		}
		else if (Visibility.fromWireName(visibility) == null) {
			// a visibility this service does not know yet is treated as internal
			copy.put("visibility", Visibility.HIDE.wireName());
		}
		defaultBoolean(copy, "supported_in_api", true);
		if (integer(copy.get("priority")) == null) {
			copy.put("priority", MISSING_PRIORITY);
		}
		defaultBoolean(copy, "support_verbosity", false);
		defaultBoolean(copy, "supports_reasoning_summaries", false);
		defaultBoolean(copy, "supports_parallel_tool_calls", false);
		JsonNode truncation = copy.get("truncation_policy");
		String truncationMode = (truncation != null) ? text(truncation.get("mode")) : null;
		if (truncation == null || truncationMode == null || !TRUNCATION_MODES.contains(truncationMode)
				|| integer(truncation.get("limit")) == null) {
			ObjectNode policy = copy.putObject("truncation_policy");
			policy.put("mode", "bytes");
			policy.put("limit", 10_000);
		}
		copy.set("experimental_supported_tools", strings(copy.get("experimental_supported_tools"), copy));
		if (text(copy.get("base_instructions")) == null) {
			copy.put("base_instructions", "");
		}
		return copy;
	}

	static @Nullable String text(@Nullable JsonNode node) {
		return (node != null && node.isString()) ? node.stringValue() : null;
	}

	static @Nullable Integer integer(@Nullable JsonNode node) {
		return (node != null && node.isIntegralNumber() && node.canConvertToInt()) ? node.intValue() : null;
	}

	static @Nullable Boolean bool(@Nullable JsonNode node) {
		return (node != null && node.isBoolean()) ? node.booleanValue() : null;
	}

	private static void defaultBoolean(ObjectNode entry, String field, boolean value) {
		if (bool(entry.get(field)) == null) {
			entry.put(field, value);
		}
	}

	private static ArrayNode reasoningLevels(ObjectNode entry) {
		ArrayNode levels = entry.arrayNode();
		JsonNode source = entry.get("supported_reasoning_levels");
		if (source != null && source.isArray()) {
			for (JsonNode level : source) {
				String effort = text(level.get("effort"));
				if (level.isObject() && effort != null && !effort.isBlank()) {
					String description = text(level.get("description"));
					ObjectNode valid = (ObjectNode) level.deepCopy();
					valid.put("description", (description != null) ? description : "");
					levels.add(valid);
				}
			}
		}
		return levels;
	}

	private static ArrayNode strings(@Nullable JsonNode source, ObjectNode owner) {
		ArrayNode values = owner.arrayNode();
		if (source != null && source.isArray()) {
			for (JsonNode value : source) {
				if (value.isString()) {
					values.add(value.stringValue());
				}
			}
		}
		return values;
	}

}
