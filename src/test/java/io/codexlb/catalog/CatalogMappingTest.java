package io.codexlb.catalog;

import java.io.InputStream;
import java.util.List;

import io.codexlb.support.CodexEntryAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

class CatalogMappingTest {

	private static final JsonMapper json = JsonMapper.builder().build();

	@ParameterizedTest
	@CsvSource({ "1,99", "43,57", "100,0", "150,0", "0,100", "-5,105" })
	void listedPriorityShouldBeOneHundredMinusUpstreamPriorityNeverBelowZero(int upstream, int listed) {
		assertThat(CatalogModelMapper.listedPriority(upstream)).isEqualTo(listed);
	}

	@Test
	void normalizeWhenNoUsableSlugShouldSkipTheEntry() {
		for (String entry : List.of("{}", "{\"slug\":null}", "{\"slug\":42}", "{\"slug\":\"\"}", "{\"slug\":\" x\"}",
				"[]", "\"gpt\"", "{\"slug\":\"" + "s".repeat(201) + "\"}")) {
			assertThat(CodexEntries.normalize(json.readTree(entry))).as(entry).isNull();
		}
	}

	@Test
	void normalizeWhenFieldsMissingShouldFillWhatTheCodexCliRequires() {
		ObjectNode entry = CodexEntries.normalize(json.readTree("{\"slug\":\"m\",\"extra\":{\"kept\":true}}"));
		assertThat(entry).isNotNull();
		CodexEntryAssertions.assertValidForCodexCli(entry);
		assertThat(entry.get("display_name").asString()).isEqualTo("m");
		assertThat(entry.get("visibility").asString()).isEqualTo("list");
		assertThat(entry.get("supported_in_api").asBoolean()).isTrue();
		assertThat(entry.get("priority").asInt()).isEqualTo(100);
		assertThat(entry.get("shell_type").asString()).isEqualTo("default");
		assertThat(entry.get("base_instructions").asString()).isEmpty();
		assertThat(entry.get("extra").get("kept").asBoolean()).isTrue();
	}

	@Test
	void normalizeWhenValuesInvalidShouldReplaceThemAndKeepValidOnes() {
		ObjectNode entry = CodexEntries.normalize(json.readTree(
				"""
						{"slug":"m","priority":"3","visibility":"secret","shell_type":"zsh","supported_in_api":"yes",
						 "truncation_policy":{"mode":"lines","limit":1},"experimental_supported_tools":["a",1,null],
						 "supported_reasoning_levels":[{"effort":"low","description":"Low"},{"effort":"high"},{"description":"x"},7],
						 "base_instructions":null}
						"""));
		assertThat(entry).isNotNull();
		CodexEntryAssertions.assertValidForCodexCli(entry);
		assertThat(entry.get("priority").asInt()).isEqualTo(100);
		assertThat(entry.get("visibility").asString()).isEqualTo("hide");
		assertThat(entry.get("supported_in_api").asBoolean()).isTrue();
		assertThat(entry.get("truncation_policy").toString()).isEqualTo("{\"mode\":\"bytes\",\"limit\":10000}");
		assertThat(entry.get("experimental_supported_tools").toString()).isEqualTo("[\"a\"]");
		assertThat(entry.get("supported_reasoning_levels").toString())
			.isEqualTo("[{\"effort\":\"low\",\"description\":\"Low\"},{\"effort\":\"high\",\"description\":\"\"}]");
	}

	@Test
	void normalizeShouldNotModifyTheUpstreamEntry() {
		JsonNode upstream = json.readTree("{\"slug\":\"m\"}");
		CodexEntries.normalize(upstream);
		assertThat(upstream.toString()).isEqualTo("{\"slug\":\"m\"}");
	}

	@Test
	void upstreamCreatedShouldAcceptEpochSecondsOrIsoDates() {
		assertThat(CatalogModelMapper.upstreamCreated(json.readTree("{\"created\":1704067200}")))
			.isEqualTo(1704067200L);
		assertThat(CatalogModelMapper.upstreamCreated(json.readTree("{\"created_at\":\"2024-01-01T00:00:00Z\"}")))
			.isEqualTo(1704067200L);
		assertThat(CatalogModelMapper.upstreamCreated(json.readTree("{\"created\":\"yesterday\"}"))).isNull();
		assertThat(CatalogModelMapper.upstreamCreated(json.readTree("{\"created\":-1}"))).isNull();
		assertThat(CatalogModelMapper.upstreamCreated(json.readTree("{}"))).isNull();
	}

	@Test
	void mapShouldFollowTheCodexContractTable() {
		CatalogModel model = CatalogModelMapper.map(CodexEntries.normalize(json.readTree("""
				{"slug":"m","display_name":"M","description":null,"priority":7,"context_window":1000,
				 "default_verbosity":null,"minimal_client_version":"0.99.0","prefer_websockets":true}
				""")), 42);
		ModelMetadata metadata = model.metadata();
		assertThat(model.id()).isEqualTo("m");
		assertThat(model.created()).isEqualTo(42);
		assertThat(metadata.description()).isEmpty();
		assertThat(metadata.inputModalities()).containsExactly("text");
		assertThat(metadata.priority()).isEqualTo(93);
		assertThat(metadata.contextWindow()).isEqualTo(1000);
		assertThat(metadata.minimalClientVersion()).isEqualTo("0.99.0");
		assertThat(metadata.preferWebsockets()).isTrue();
		assertThat(metadata.supportsParallelToolCalls()).isFalse();
		assertThat(metadata.defaultVerbosity()).isNull();
		assertThat(model.upstreamPriority()).isEqualTo(7);
	}

	@Test
	void bundledBootstrapCatalogShouldBeValidAndListOnlyApiModels() throws Exception {
		JsonNode document;
		try (InputStream input = getClass().getResourceAsStream("/catalog/bootstrap-models.json")) {
			document = json.readTree(input);
		}
		int listed = 0;
		int entries = 0;
		for (JsonNode upstream : document.get("models")) {
			ObjectNode entry = CodexEntries.normalize(upstream);
			assertThat(entry).isNotNull();
			CodexEntryAssertions.assertValidForCodexCli(entry);
			CatalogModel model = CatalogModelMapper.map(entry, 1);
			entries++;
			listed += model.listed() ? 1 : 0;
			if (model.id().equals("gpt-5.3-codex-spark")) {
				assertThat(model.metadata().supportedInApi()).isFalse();
				assertThat(model.listed()).isFalse();
			}
			if (model.id().equals("codex-auto-review")) {
				assertThat(model.listed()).isFalse();
			}
		}
		assertThat(entries).isEqualTo(13);
		assertThat(listed).isEqualTo(9);
	}

}
