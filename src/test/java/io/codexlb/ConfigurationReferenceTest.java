package io.codexlb;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code docs/configuration.md} against the configuration metadata of the main build
 * ({@code META-INF/spring-configuration-metadata.json} in {@code target/classes}): the
 * same {@code codex-lb.*} properties, each with the same type and default, and a
 * description.
 *
 * <p>
 * The rules, also stated in the document: a checked table is one whose header is
 * {@code | property | type | default | description |}; each of its rows names one
 * property as a code span; the type is the metadata's type with every class name reduced
 * to its simple name ({@code java.util.List<java.lang.String>} is {@code List<String>}),
 * as a code span; the default is the metadata's default as a code span (a list joined
 * with commas), or {@code —} where the metadata has none; the description begins with the
 * metadata's description, its {@code {@code x}} written as {@code `x`}.
 */
class ConfigurationReferenceTest {

	static final Path REFERENCE = Path.of("docs", "configuration.md");

	static final List<String> HEADER = List.of("property", "type", "default", "description");

	static final String NO_DEFAULT = "—";

	private static final String PREFIX = "codex-lb.";

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final Pattern CODE_SPAN = Pattern.compile("`([^`]+)`");

	private static final Pattern CLASS_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(?:[.$][A-Za-z_][A-Za-z0-9_]*)*");

	private static final Pattern JAVADOC_CODE = Pattern
		.compile("\\{@(?:code|link|literal) ([^{}]*(?:\\{[^{}]*\\}[^{}]*)*)\\}");

	@Test
	void referenceWhenComparedWithTheBuildsMetadataShouldAgree() throws IOException {
		List<String> differences = differences(metadata(), Files.readString(REFERENCE, StandardCharsets.UTF_8));
		assertThat(differences).as("%s against the configuration metadata of the build", REFERENCE).isEmpty();
	}

	@Test
	void metadataShouldDescribeEveryProperty() {
		Map<String, Property> metadata = expected(metadata());
		assertThat(metadata).as("codex-lb.* properties in the metadata").isNotEmpty();
		metadata.forEach((name, property) -> assertThat(property.description())
			.as("description of %s (the @param of its properties record's Javadoc)", name)
			.isNotBlank());
	}

	@Test
	void differencesWhenAPropertyIsAddedShouldNameIt() {
		String metadata = metadataOf(property("codex-lb.a.one", "java.time.Duration", "'5s'", "how often"),
				property("codex-lb.a.two", "java.lang.Integer", "4", "how many"));
		String reference = reference(row("codex-lb.a.one", "Duration", "`5s`", "how often"));
		assertThat(differences(json.readTree(metadata), reference))
			.containsExactly("codex-lb.a.two: in the metadata, not in the reference");
	}

	@Test
	void differencesWhenAPropertyIsRemovedShouldNameIt() {
		String metadata = metadataOf(property("codex-lb.a.one", "java.time.Duration", "'5s'", "how often"));
		String reference = reference(row("codex-lb.a.one", "Duration", "`5s`", "how often"),
				row("codex-lb.a.gone", "Integer", "`4`", "how many"));
		assertThat(differences(json.readTree(metadata), reference))
			.containsExactly("codex-lb.a.gone: in the reference, not in the metadata");
	}

	@Test
	void differencesWhenADefaultOrTypeChangesShouldNameIt() {
		String metadata = metadataOf(property("codex-lb.a.one", "java.time.Duration", "'10s'", "how often"),
				property("codex-lb.a.list", "java.util.List<java.lang.String>", "[\"x\",\"y\"]", "which"),
				property("codex-lb.a.none", "java.lang.String", null, "what"));
		String reference = reference(row("codex-lb.a.one", "Duration", "`5s`", "how often"),
				row("codex-lb.a.list", "List<Integer>", "`x,y`", "which"),
				row("codex-lb.a.none", "String", "`none`", "what"));
		assertThat(differences(json.readTree(metadata), reference)).containsExactly(
				"codex-lb.a.list: type `List<Integer>` in the reference, `List<String>` in the metadata",
				"codex-lb.a.none: default `none` in the reference, — in the metadata",
				"codex-lb.a.one: default `5s` in the reference, `10s` in the metadata");
	}

	@Test
	void differencesWhenTheDescriptionDoesNotBeginWithTheMetadatasShouldNameIt() {
		String metadata = metadataOf(
				property("codex-lb.a.one", "java.lang.String", "'x'", "the {@code owned_by} of every model"));
		assertThat(differences(json.readTree(metadata),
				reference(row("codex-lb.a.one", "String", "`x`", "the `owned_by` of every model; more"))))
			.isEmpty();
		assertThat(differences(json.readTree(metadata),
				reference(row("codex-lb.a.one", "String", "`x`", "the owner of every model"))))
			.containsExactly("codex-lb.a.one: the description does not begin with the metadata's: "
					+ "the `owned_by` of every model");
	}

	@Test
	void javadocToMarkdownShouldWriteCodeTagsAsCodeSpans() {
		assertThat(javadocToMarkdown("the model list is at {@code {baseUrl}/codex/models}; {@code a} or {@link B}"))
			.isEqualTo("the model list is at `{baseUrl}/codex/models`; `a` or `B`");
	}

	@Test
	void typeNameShouldKeepOnlySimpleNames() {
		assertThat(typeName("java.util.Map<java.lang.String,io.codexlb.catalog.CatalogProperties$ModelOverride>"))
			.isEqualTo("Map<String, ModelOverride>");
		assertThat(typeName("java.nio.file.Path")).isEqualTo("Path");
		assertThat(typeName("org.springframework.util.unit.DataSize")).isEqualTo("DataSize");
	}

	/**
	 * What differs between the metadata's {@code codex-lb.*} properties and the checked
	 * tables of a reference document.
	 * @param metadata the configuration metadata
	 * @param reference the reference document's text
	 * @return one line per row that breaks the rules, then one per difference, by
	 * property name
	 */
	static List<String> differences(JsonNode metadata, String reference) {
		Map<String, Property> expected = expected(metadata);
		List<String> differences = new ArrayList<>();
		Map<String, Property> documented = documented(reference, differences);
		for (String name : union(expected.keySet(), documented.keySet())) {
			Property want = expected.get(name);
			Property have = documented.get(name);
			if (have == null) {
				differences.add(name + ": in the metadata, not in the reference");
			}
			else if (want == null) {
				differences.add(name + ": in the reference, not in the metadata");
			}
			else {
				if (!have.type().equals(want.type())) {
					differences
						.add(name + ": type " + have.type() + " in the reference, " + want.type() + " in the metadata");
				}
				if (!have.defaultValue().equals(want.defaultValue())) {
					differences.add(name + ": default " + have.defaultValue() + " in the reference, "
							+ want.defaultValue() + " in the metadata");
				}
				if (!have.description().startsWith(want.description())) {
					differences
						.add(name + ": the description does not begin with the metadata's: " + want.description());
				}
			}
		}
		return differences;
	}

	private static TreeSet<String> union(Set<String> one, Set<String> two) {
		TreeSet<String> union = new TreeSet<>(one);
		union.addAll(two);
		return union;
	}

	/**
	 * The metadata's {@code codex-lb.*} properties as the reference writes them.
	 * @param metadata the configuration metadata
	 * @return the properties by name
	 */
	static Map<String, Property> expected(JsonNode metadata) {
		Map<String, Property> properties = new LinkedHashMap<>();
		for (JsonNode property : metadata.path("properties")) {
			String name = property.path("name").asString();
			if (!name.startsWith(PREFIX)) {
				continue;
			}
			String type = "`" + typeName(property.path("type").asString()) + "`";
			properties.put(name, new Property(type, defaultValue(property.get("defaultValue")),
					javadocToMarkdown(property.path("description").asString(""))));
		}
		return properties;
	}

	static String typeName(String type) {
		Matcher names = CLASS_NAME.matcher(type.replace(" ", ""));
		StringBuilder simple = new StringBuilder();
		while (names.find()) {
			String name = names.group();
			names.appendReplacement(simple, Matcher
				.quoteReplacement(name.substring(Math.max(name.lastIndexOf('.'), name.lastIndexOf('$')) + 1)));
		}
		names.appendTail(simple);
		return simple.toString().replace(",", ", ");
	}

	private static String defaultValue(JsonNode value) {
		if (value == null || value.isNull()) {
			return NO_DEFAULT;
		}
		if (value.isArray()) {
			List<String> elements = new ArrayList<>();
			value.forEach((element) -> elements.add(element.asString()));
			return "`" + String.join(",", elements) + "`";
		}
		return "`" + value.asString() + "`";
	}

	static String javadocToMarkdown(String description) {
		return JAVADOC_CODE.matcher(description.strip())
			.replaceAll((match) -> Matcher.quoteReplacement("`" + match.group(1) + "`"));
	}

	/**
	 * The rows of the checked tables of a reference document.
	 * @param reference the document's text
	 * @param problems where rows that break the rules are reported
	 * @return the documented properties by name
	 */
	static Map<String, Property> documented(String reference, List<String> problems) {
		Map<String, Property> properties = new LinkedHashMap<>();
		List<String> lines = reference.lines().toList();
		boolean fenced = false;
		for (int i = 0; i < lines.size(); i++) {
			String line = lines.get(i).strip();
			if (line.startsWith("```")) {
				fenced = !fenced;
			}
			if (fenced || !line.startsWith("|") || !cells(line).equals(HEADER)) {
				continue;
			}
			// the header, the delimiter row, then the rows up to the first line that is
			// not one
			for (i += 2; i < lines.size() && lines.get(i).strip().startsWith("|"); i++) {
				List<String> cells = cells(lines.get(i).strip());
				Matcher name = CODE_SPAN.matcher(cells.get(0));
				if (cells.size() != HEADER.size() || !name.matches()) {
					problems.add("line " + (i + 1) + ": not a row of four cells that begins with a property name: "
							+ lines.get(i));
					continue;
				}
				Property previous = properties.put(name.group(1),
						new Property(cells.get(1), cells.get(2), cells.get(3)));
				if (previous != null) {
					problems.add(name.group(1) + ": listed twice");
				}
			}
			// the line after the table is read again: it may open a fence
			i--;
		}
		return properties;
	}

	/**
	 * The cells of a table row: split at every {@code |} outside code spans that is not
	 * escaped as {@code \|}.
	 * @param row the row
	 * @return its cells, stripped, with {@code \|} written as {@code |}
	 */
	static List<String> cells(String row) {
		List<String> cells = new ArrayList<>();
		StringBuilder cell = new StringBuilder();
		boolean code = false;
		String inner = row.substring(1, row.endsWith("|") && row.length() > 1 ? row.length() - 1 : row.length());
		for (int i = 0; i < inner.length(); i++) {
			char c = inner.charAt(i);
			if (c == '\\' && i + 1 < inner.length() && inner.charAt(i + 1) == '|') {
				cell.append('|');
				i++;
			}
			else if (c == '|' && !code) {
				cells.add(cell.toString().strip());
				cell.setLength(0);
			}
			else {
				code ^= (c == '`');
				cell.append(c);
			}
		}
		cells.add(cell.toString().strip());
		return cells;
	}

	private static JsonNode metadata() {
		try {
			Path classes = Path
				.of(CodexLbApplication.class.getProtectionDomain().getCodeSource().getLocation().toURI());
			Path file = classes.resolve("META-INF/spring-configuration-metadata.json");
			assertThat(file).as("the main build's configuration metadata (build the main sources first)").exists();
			return json.readTree(Files.readString(file, StandardCharsets.UTF_8));
		}
		catch (IOException | URISyntaxException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String metadataOf(String... properties) {
		return "{\"groups\":[],\"properties\":[" + String.join(",", properties) + "]}";
	}

	private static String property(String name, String type, String defaultValue, String description) {
		String value = (defaultValue != null) ? ",\"defaultValue\":" + defaultValue.replace('\'', '"') : "";
		return "{\"name\":\"" + name + "\",\"type\":\"" + type + "\",\"description\":\"" + description + "\"" + value
				+ "}";
	}

	private static String reference(String... rows) {
		return "# Configuration\n\n## codex-lb.a.*\n\n| property | type | default | description |\n|---|---|---|---|\n"
				+ String.join("\n", rows) + "\n\nText after the table.\n";
	}

	private static String row(String name, String type, String defaultValue, String description) {
		return "| `" + name + "` | `" + type + "` | " + defaultValue + " | " + description + " |";
	}

	/**
	 * A property as the reference writes it.
	 *
	 * @param type the type cell
	 * @param defaultValue the default cell
	 * @param description the description cell
	 */
	record Property(String type, String defaultValue, String description) {

	}

}
