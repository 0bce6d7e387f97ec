package io.codexlb.openapi;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An OpenAPI 3.1 document the service served, and the check of an answer against it: the
 * body against the schema of its path, method and status (the JSON Schema 2020-12 dialect
 * of OpenAPI 3.1, {@code $ref}s resolved within the document), and the headers against
 * the response's headers.
 *
 * <p>
 * The document leaves its objects open, as OpenAI's does, so that clients tolerate fields
 * added later. The check closes every object that does not say otherwise: a field the
 * service sends and the document does not name fails, so the document cannot fall behind
 * the code.
 */
final class ApiDocument {

	static final String IRI = "https://codex-lb.invalid/v3/api-docs";

	/**
	 * Headers of the transport, and the security headers the document describes once for
	 * every answer, not in each response.
	 */
	private static final Set<String> UNDESCRIBED_HEADERS = Set.of("date", "connection", "keep-alive", "content-length",
			"transfer-encoding", "content-type", "x-content-type-options", "x-frame-options");

	private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch",
			"trace");

	private final JsonNode document;

	private final SchemaRegistry registry;

	ApiDocument(JsonNode document) {
		this.document = document;
		JsonNode strict = closeObjects(document.deepCopy());
		String text = JsonMapper.builder().build().writeValueAsString(strict);
		this.registry = SchemaRegistry.withDialect(Dialects.getOpenApi31(),
				(builder) -> builder.schemas(Map.of(IRI, text)));
	}

	JsonNode json() {
		return this.document;
	}

	/**
	 * The documented operations, as {@code METHOD /path} with every path variable written
	 * {@code {}}.
	 * @return the operations
	 */
	Set<String> operations() {
		Set<String> operations = new TreeSet<>();
		for (Map.Entry<String, JsonNode> path : this.document.get("paths").properties()) {
			for (String method : path.getValue().propertyNames()) {
				if (METHODS.contains(method)) {
					operations.add(operationName(method, path.getKey()));
				}
			}
		}
		return operations;
	}

	static String operationName(String method, String path) {
		return method.toUpperCase(Locale.ROOT) + " " + path.replaceAll("\\{[^}]*}", "{}");
	}

	JsonNode operation(String path, String method) {
		JsonNode operation = this.document.path("paths").path(path).path(method);
		assertThat(operation.isObject()).as("%s %s in the document", method, path).isTrue();
		return operation;
	}

	/**
	 * The errors of a body against the schema of a response.
	 * @param path the path template, as in the document
	 * @param method the method, in lower case
	 * @param status the status
	 * @param body the body
	 * @return the validation errors, empty when the body matches
	 */
	List<Error> validate(String path, String method, int status, JsonNode body) {
		Located response = response(path, method, status);
		String schema = response.pointer() + "/content/" + escape("application/json") + "/schema";
		assertThat(node(schema).isMissingNode()).as("a JSON body for %s %s %s", method, path, status).isFalse();
		return schema(schema).validate(body);
	}

	/**
	 * Asserts a body matches the schema of its response.
	 * @param path the path template, as in the document
	 * @param method the method, in lower case
	 * @param status the status
	 * @param body the body
	 */
	void assertBodyMatches(String path, String method, int status, JsonNode body) {
		assertThat(validate(path, method, status, body)).as("%s %s %s: %s", method, path, status, body).isEmpty();
	}

	/**
	 * Asserts that a response declares no body.
	 * @param path the path template, as in the document
	 * @param method the method, in lower case
	 * @param status the status
	 */
	void assertNoBodyDocumented(String path, String method, int status) {
		Located response = response(path, method, status);
		assertThat(response.node().has("content")).as("a body documented for %s %s %s", method, path, status).isFalse();
	}

	/**
	 * Asserts the headers of an answer are those of its response: every header but the
	 * transport's is documented, every required one is there, every value matches its
	 * schema.
	 * @param path the path template, as in the document
	 * @param method the method, in lower case
	 * @param status the status
	 * @param headers the answer's headers
	 */
	void assertHeadersMatch(String path, String method, int status, Map<String, List<String>> headers) {
		Located response = response(path, method, status);
		JsonNode documented = response.node().path("headers");
		List<String> names = new ArrayList<>(documented.propertyNames());
		for (String header : headers.keySet()) {
			String name = header.toLowerCase(Locale.ROOT);
			if (!UNDESCRIBED_HEADERS.contains(name) && !name.startsWith(":")) {
				assertThat(names).as("header %s of %s %s %s documented", header, method, path, status)
					.anySatisfy((documentedName) -> assertThat(documentedName).isEqualToIgnoringCase(header));
			}
		}
		for (String name : names) {
			Located header = resolve(response.pointer() + "/headers/" + escape(name));
			List<String> values = values(headers, name);
			if (header.node().path("required").asBoolean(false)) {
				assertThat(values).as("required header %s of %s %s %s", name, method, path, status).isNotEmpty();
			}
			for (String value : values) {
				String schema = header.pointer() + "/schema";
				JsonNode instance = node(schema).path("type").asString("").equals("integer") ? integer(value, name)
						: JsonNodeFactory.instance.stringNode(value);
				assertThat(schema(schema).validate(instance)).as("header %s: %s", name, value).isEmpty();
			}
		}
	}

	private static JsonNode integer(String value, String name) {
		assertThat(value).as("integer header %s", name).matches("-?[0-9]+");
		return JsonNodeFactory.instance.numberNode(Long.parseLong(value));
	}

	private static List<String> values(Map<String, List<String>> headers, String name) {
		List<String> values = new ArrayList<>();
		headers.forEach((header, headerValues) -> {
			if (header.equalsIgnoreCase(name)) {
				values.addAll(headerValues);
			}
		});
		return values;
	}

	private Located response(String path, String method, int status) {
		String responses = "/paths/" + escape(path) + "/" + method + "/responses";
		String key = node(responses).has(String.valueOf(status)) ? String.valueOf(status) : "default";
		assertThat(node(responses).has(key)).as("response %s of %s %s", status, method, path).isTrue();
		return resolve(responses + "/" + key);
	}

	private Located resolve(String pointer) {
		JsonNode node = node(pointer);
		String ref = node.path("$ref").asString("");
		if (ref.isEmpty()) {
			return new Located(node, pointer);
		}
		assertThat(ref).as("a reference within the document").startsWith("#/");
		return resolve(ref.substring(1));
	}

	private JsonNode node(String pointer) {
		return this.document.at(pointer);
	}

	private Schema schema(String pointer) {
		return this.registry.getSchema(SchemaLocation.of(IRI + "#" + pointer));
	}

	static String escape(String segment) {
		return segment.replace("~", "~0").replace("/", "~1");
	}

	/**
	 * Closes every object schema that names its properties and says nothing of others.
	 * @param node a part of the document
	 * @return the node
	 */
	static JsonNode closeObjects(JsonNode node) {
		if (node instanceof ObjectNode object) {
			if (object.get("properties") instanceof ObjectNode && !object.has("additionalProperties")
					&& !object.has("unevaluatedProperties")) {
				object.put("additionalProperties", false);
			}
			object.properties().forEach((field) -> closeObjects(field.getValue()));
		}
		else if (node.isArray()) {
			node.forEach(ApiDocument::closeObjects);
		}
		return node;
	}

	private record Located(JsonNode node, String pointer) {

	}

}
