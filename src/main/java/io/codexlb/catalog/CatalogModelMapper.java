package io.codexlb.catalog;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Maps a normalized Codex-native entry to the model the models routes list, following the
 * mapping of the Codex CLI contract.
 */
final class CatalogModelMapper {

	private CatalogModelMapper() {
	}

	/**
	 * The priority on the models routes' scale of an upstream priority: higher is
	 * preferred.
	 * @param upstreamPriority the upstream's ascending priority
	 * @return {@code max(0, 100 - upstreamPriority)}
	 */
	static int listedPriority(int upstreamPriority) {
		return Math.max(0, 100 - upstreamPriority);
	}

	/**
	 * The creation time an upstream entry states, if it states one.
	 * @param entry the entry
	 * @return epoch seconds, or {@code null}
	 */
	static @Nullable Long upstreamCreated(JsonNode entry) {
		for (String field : List.of("created", "created_at")) {
			JsonNode value = entry.get(field);
			if (value == null) {
				continue;
			}
			if (value.isIntegralNumber() && value.canConvertToLong() && value.longValue() > 0) {
				return value.longValue();
			}
			if (value.isString()) {
				try {
					return OffsetDateTime.parse(value.stringValue()).toEpochSecond();
				}
				catch (DateTimeParseException ex) {
					// not a date: fall back to the first-seen time
				}
			}
		}
		return null;
	}

	static CatalogModel map(ObjectNode entry, long created) {
		return map(entry, created, null, List.of());
	}

	/**
	 * Maps an entry, applying the operator's override to the metadata and to the Codex
	 * entry alike (but for the priority, whose upstream value the Codex entry keeps).
	 * @param entry the normalized entry; changed in place by the override
	 * @param created the creation time, epoch seconds
	 * @param override the operator's override, if any
	 * @param advertisedBy the accounts that advertise the model
	 * @return the model
	 */
	static CatalogModel map(ObjectNode entry, long created, CatalogProperties.@Nullable ModelOverride override,
			List<String> advertisedBy) {
		Visibility upstreamVisibility = visibility(entry);
		boolean hiddenByOverride = override != null && Boolean.TRUE.equals(override.hidden());
		if (override != null) {
			if (override.displayName() != null) {
				entry.put("display_name", override.displayName());
			}
			if (override.description() != null) {
				entry.put("description", override.description());
			}
			if (override.contextWindow() != null) {
				entry.put("context_window", override.contextWindow());
			}
			if (hiddenByOverride) {
				entry.put("visibility", Visibility.HIDE.wireName());
			}
		}
		String slug = entry.get("slug").stringValue();
		int upstreamPriority = entry.get("priority").intValue();
		int priority = (override != null && override.priority() != null) ? override.priority()
				: listedPriority(upstreamPriority);
		String description = CodexEntries.text(entry.get("description"));
		List<String> modalities = new ArrayList<>();
		JsonNode modalitiesNode = entry.get("input_modalities");
		if (modalitiesNode != null && modalitiesNode.isArray()) {
			modalitiesNode.forEach((value) -> {
				if (value.isString()) {
					modalities.add(value.stringValue());
				}
			});
		}
		else {
			modalities.add("text");
		}
		List<ReasoningLevel> levels = new ArrayList<>();
		entry.get("supported_reasoning_levels")
			.forEach((level) -> levels
				.add(new ReasoningLevel(level.get("effort").stringValue(), level.get("description").stringValue())));
		Integer contextWindow = CodexEntries.integer(entry.get("context_window"));
		ModelMetadata metadata = new ModelMetadata(entry.get("display_name").stringValue(),
				(description != null) ? description : "", contextWindow, List.copyOf(modalities), List.copyOf(levels),
				CodexEntries.text(entry.get("default_reasoning_level")),
				entry.get("supports_reasoning_summaries").booleanValue(), entry.get("support_verbosity").booleanValue(),
				CodexEntries.text(entry.get("default_verbosity")), flag(entry, "prefer_websockets"),
				entry.get("supports_parallel_tool_calls").booleanValue(), entry.get("supported_in_api").booleanValue(),
				CodexEntries.text(entry.get("minimal_client_version")), priority);
		return new CatalogModel(slug, created, metadata, visibility(entry), upstreamVisibility, hiddenByOverride,
				upstreamPriority, entry, List.copyOf(advertisedBy));
	}

	private static Visibility visibility(JsonNode entry) {
		Visibility visibility = Visibility.fromWireName(entry.get("visibility").stringValue());
		return (visibility != null) ? visibility : Visibility.HIDE;
	}

	private static boolean flag(JsonNode entry, String field) {
		Boolean value = CodexEntries.bool(entry.get(field));
		return value != null && value;
	}

}
