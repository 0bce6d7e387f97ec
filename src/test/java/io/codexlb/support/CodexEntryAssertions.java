package io.codexlb.support;

import java.util.Set;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the Codex CLI requires of every entry of a {@code models} array: one invalid entry
 * makes it discard the whole list.
 */
public final class CodexEntryAssertions {

	private static final Set<String> SHELL_TYPES = Set.of("default", "local", "unified_exec", "disabled",
			"shell_command");

	private static final Set<String> VISIBILITIES = Set.of("list", "hide", "none");

	private CodexEntryAssertions() {
	}

	public static void assertValidForCodexCli(JsonNode entry) {
		String slug = entry.path("slug").asString("<no slug>");
		assertThat(entry.get("slug").isString()).as("slug").isTrue();
		assertThat(entry.get("display_name").isString()).as("%s display_name", slug).isTrue();
		assertThat(entry.get("supported_reasoning_levels").isArray()).as("%s levels", slug).isTrue();
		entry.get("supported_reasoning_levels").forEach((level) -> {
			assertThat(level.get("effort").isString()).as("%s effort", slug).isTrue();
			assertThat(level.get("description").isString()).as("%s level description", slug).isTrue();
		});
		assertThat(SHELL_TYPES).as("%s shell_type", slug).contains(entry.get("shell_type").asString());
		assertThat(entry.get("shell_type").isString()).isTrue();
		assertThat(VISIBILITIES).as("%s visibility", slug).contains(entry.get("visibility").asString());
		assertThat(entry.get("supported_in_api").isBoolean()).as("%s supported_in_api", slug).isTrue();
		assertThat(entry.get("priority").isIntegralNumber()).as("%s priority", slug).isTrue();
		assertThat(entry.get("support_verbosity").isBoolean()).as("%s support_verbosity", slug).isTrue();
		assertThat(entry.get("supports_reasoning_summaries").isBoolean()).as("%s summaries", slug).isTrue();
		assertThat(entry.get("supports_parallel_tool_calls").isBoolean()).as("%s parallel", slug).isTrue();
		JsonNode truncation = entry.get("truncation_policy");
		assertThat(truncation.get("mode").asString()).as("%s truncation mode", slug).isIn("tokens", "bytes");
		assertThat(truncation.get("limit").isIntegralNumber()).as("%s truncation limit", slug).isTrue();
		assertThat(entry.get("experimental_supported_tools").isArray()).as("%s tools", slug).isTrue();
		entry.get("experimental_supported_tools")
			.forEach((tool) -> assertThat(tool.isString()).as("%s tool", slug).isTrue());
		assertThat(entry.get("base_instructions").isString()).as("%s base_instructions", slug).isTrue();
	}

}
