package io.codexlb.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Golden files: a JSON body pretty-printed in its own field order must equal the file
 * under {@code src/test/resources/golden}. Run with {@code -Dgolden.update=true} to
 * rewrite the files after a deliberate change, then review the diff. Values that change
 * from run to run (generated ids, keys, counters) are replaced by placeholders in the
 * test, never in the file.
 */
public final class Golden {

	private static final Path DIRECTORY = Path.of("src", "test", "resources", "golden");

	private static final JsonMapper pretty = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

	private Golden() {
	}

	public static void assertMatches(String name, JsonNode body) {
		assertMatches(name, pretty.writeValueAsBytes(body));
	}

	public static void assertMatches(String name, byte[] body) {
		String actual = pretty.writeValueAsString(pretty.readTree(body)) + "\n";
		Path file = DIRECTORY.resolve(name);
		try {
			if (Boolean.getBoolean("golden.update")) {
				Files.createDirectories(DIRECTORY);
				Files.writeString(file, actual, StandardCharsets.UTF_8);
			}
			assertThat(file).as("golden file %s", file).exists();
			assertThat(actual).as("body against golden file %s", file)
				.isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * A body with each string value that a golden file cannot hold, wherever it appears,
	 * replaced by its placeholder.
	 * @param body the JSON body
	 * @param placeholders the placeholder of each value
	 * @return the body with the placeholders
	 */
	public static JsonNode withPlaceholders(byte[] body, Map<String, String> placeholders) {
		return replace(pretty.readTree(body), placeholders);
	}

	private static JsonNode replace(JsonNode node, Map<String, String> placeholders) {
		if (node.isString() && placeholders.containsKey(node.stringValue())) {
			return pretty.getNodeFactory().stringNode(placeholders.get(node.stringValue()));
		}
		if (node instanceof ObjectNode object) {
			for (String name : List.copyOf(object.propertyNames())) {
				object.set(name, replace(object.get(name), placeholders));
			}
		}
		if (node instanceof ArrayNode array) {
			for (int i = 0; i < array.size(); i++) {
				array.set(i, replace(array.get(i), placeholders));
			}
		}
		return node;
	}

}
