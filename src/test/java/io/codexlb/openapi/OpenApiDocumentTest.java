package io.codexlb.openapi;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import io.codexlb.support.Http;
import io.codexlb.support.ServerTestSupport;
import io.swagger.v3.core.util.Yaml31;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import jakarta.servlet.ServletRegistration;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.core.io.ClassPathResource;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The API document at {@code /v3/api-docs} against the running service: it parses without
 * a message, it describes exactly the routes the service answers, and the service's real
 * answers (the golden bodies, and live answers of every kind) match the schemas and
 * headers it gives for their path, method and status.
 */
class OpenApiDocumentTest extends ServerTestSupport {

	private static final Path GOLDEN = Path.of("src", "test", "resources", "golden");

	@Autowired
	private ServletWebServerApplicationContext context;

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	private RequestMappingHandlerMapping handlerMapping;

	private ApiDocument document;

	@BeforeEach
	void fetchDocument() {
		HttpResponse<byte[]> response = http().send(http().request("/v3/api-docs").GET().build());
		assertThat(response.statusCode()).as(Http.text(response)).isEqualTo(200);
		this.document = new ApiDocument(body(response));
	}

	@Test
	void documentWhenParsedShouldHaveNoMessages() {
		ParseOptions options = new ParseOptions();
		options.setResolve(true);
		SwaggerParseResult result = new OpenAPIV3Parser().readContents(json.writeValueAsString(this.document.json()),
				null, options);
		assertThat(result.getMessages()).isEmpty();
		assertThat(result.getOpenAPI()).isNotNull();
		assertThat(result.isOpenapi31()).isTrue();
		assertThat(result.getOpenAPI().getComponents().getSecuritySchemes()).hasEntrySatisfying("bearerAuth",
				(scheme) -> assertThat(scheme.getScheme()).isEqualTo("bearer"));
		assertThat(result.getOpenAPI().getSecurity()).singleElement()
			.satisfies((requirement) -> assertThat(requirement).containsOnlyKeys("bearerAuth"));
	}

	@Test
	void documentShouldDescribeEveryRouteTheServiceAnswersAndNoOther() {
		Set<String> answered = new TreeSet<>();
		this.handlerMapping.getHandlerMethods().forEach((mapping, handler) -> {
			if (isRouteOfTheApi(handler)) {
				answered.addAll(operations(mapping));
			}
		});
		answered.addAll(servletOperations());
		assertThat(answered).as("routes of the running service")
			.contains("GET /v1/models", "HEAD /v1/models/{}", "POST /api/api-keys", "GET /api/catalog");
		assertThat(this.document.operations()).isEqualTo(answered);
		for (String operation : answered) {
			String[] parts = operation.split(" ", 2);
			assertDescribed(parts[0].toLowerCase(Locale.ROOT), documentedPath(parts[1]));
		}
	}

	@Test
	void documentShouldServeTheDescribedPartsAsWritten() throws IOException {
		JsonNode described;
		try (InputStream yaml = new ClassPathResource(OpenApiConfiguration.DESCRIPTION).getInputStream()) {
			described = json.readTree(Yaml31.mapper().readTree(yaml).toString());
		}
		JsonNode served = this.document.json();
		for (String part : List.of("info", "servers", "security", "tags")) {
			assertThat(sorted(served.get(part))).as(part).isEqualTo(sorted(described.get(part)));
		}
		for (Map.Entry<String, JsonNode> path : described.get("paths").properties()) {
			assertThat(sorted(served.get("paths").get(path.getKey()))).as(path.getKey())
				.isEqualTo(sorted(path.getValue()));
		}
		assertThat(sorted(served.get("components"))).isEqualTo(sorted(described.get("components")));
	}

	@Test
	void goldenBodiesShouldMatchTheListSchema() throws IOException {
		List<Path> goldens;
		try (Stream<Path> files = Files.list(GOLDEN)) {
			goldens = files.filter((file) -> file.getFileName().toString().startsWith("models-")).sorted().toList();
		}
		assertThat(goldens).hasSizeGreaterThanOrEqualTo(6);
		for (Path golden : goldens) {
			JsonNode body = json.readTree(Files.readString(golden));
			for (String path : List.of("/backend-api/codex/models", "/v1/models", "/backend-api/codex/v1/models")) {
				this.document.assertBodyMatches(path, "get", 200, body);
			}
		}
	}

	@Test
	void modelsAnswersShouldMatchTheirSchemasAndHeaders() {
		String admin = adminKey();
		HttpResponse<byte[]> list = send("GET", "/backend-api/codex/models", admin);
		assertMatches("/backend-api/codex/models", "get", list);
		assertMatches("/v1/models", "get", send("GET", "/v1/models?client_version=0.169.0", admin));
		HttpResponse<byte[]> gzip = http().send(http().request("/backend-api/codex/v1/models?client_version=1")
			.header("Authorization", "Bearer " + admin)
			.header("Accept-Encoding", "gzip")
			.build());
		assertThat(gzip.headers().firstValue("Content-Encoding")).hasValue("gzip");
		this.document.assertHeadersMatch("/backend-api/codex/v1/models", "get", 200, gzip.headers().map());
		this.document.assertBodyMatches("/backend-api/codex/v1/models", "get", 200, json.readTree(gunzip(gzip)));
		assertMatches("/v1/models/{model}", "get", send("GET", "/v1/models/gpt-test-pro", admin));
		assertMatches("/backend-api/codex/models", "head", send("HEAD", "/backend-api/codex/models", admin));
		assertMatches("/backend-api/codex/v1/models/{model}", "head",
				send("HEAD", "/backend-api/codex/v1/models/gpt-test-mini", admin));
		String etag = list.headers().firstValue("ETag").orElseThrow();
		HttpResponse<byte[]> notModified = http().send(http().request("/backend-api/codex/models")
			.header("Authorization", "Bearer " + admin)
			.header("If-None-Match", etag)
			.build());
		assertThat(notModified.statusCode()).isEqualTo(304);
		assertMatches("/backend-api/codex/models", "get", notModified);
		assertMatches("/v1/models", "get", http().send(http().request("/v1/models").build()));
		assertMatches("/v1/models", "get", send("GET", "/v1/models", "sk-clb-" + "Q".repeat(43)));
		assertMatches("/v1/models", "head", send("HEAD", "/v1/models", "not-a-key"));
		assertMatches("/backend-api/codex/models/{model}", "get",
				send("GET", "/backend-api/codex/models/no-such-model", admin));
		assertMatches("/v1/models/{model}", "head", send("HEAD", "/v1/models/no-such-model", admin));
		String limited = createKey("{\"name\":\"openapi-" + UUID.randomUUID()
				+ "\",\"rate_limit\":{\"requests_per_minute\":1,\"requests_per_day\":1000}}")
			.get("key")
			.asString();
		assertThat(send("GET", "/backend-api/codex/v1/models", limited).statusCode()).isEqualTo(200);
		assertMatches("/backend-api/codex/v1/models", "get", send("GET", "/backend-api/codex/v1/models", limited));
		assertMatches("/v1/models", "head", send("HEAD", "/v1/models", limited));
	}

	@Test
	void adminAnswersShouldMatchTheirSchemasAndHeaders() {
		String admin = adminKey();
		HttpResponse<byte[]> created = http().json("POST", "/api/api-keys", admin, """
				{"name":"openapi-%s","allowed_models":["gpt-test-pro"],"expires_at":"2999-01-01T00:00:00Z",
				 "rate_limit":{"requests_per_minute":5}}""".formatted(UUID.randomUUID()));
		assertThat(created.statusCode()).as(Http.text(created)).isEqualTo(201);
		assertMatches("/api/api-keys", "post", created);
		String id = body(created).get("id").asString();
		String user = body(created).get("key").asString();
		assertMatches("/api/api-keys", "get", send("GET", "/api/api-keys", admin));
		assertMatches("/api/api-keys/{id}", "get", send("GET", "/api/api-keys/" + id, admin));
		assertMatches("/api/api-keys/{id}/catalog", "get", send("GET", "/api/api-keys/" + id + "/catalog", admin));
		assertMatches("/api/api-keys/{id}/catalog", "get", send("GET", "/api/api-keys/no-such-key/catalog", admin));
		assertMatches("/api/api-keys", "post",
				http().json("POST", "/api/api-keys", admin, "{\"name\":\"x\",\"account_ids\":[\"no-such-account\"]}"));
		assertMatches("/api/api-keys/{id}", "patch",
				http().json("PATCH", "/api/api-keys/" + id, admin, "{\"is_active\":false,\"rate_limit\":null}"));
		assertMatches("/api/api-keys/{id}/regenerate", "post",
				http().json("POST", "/api/api-keys/" + id + "/regenerate", admin, ""));
		assertMatches("/api/api-keys", "post",
				http().json("POST", "/api/api-keys", admin, "{\"name\":\"x\",\"rate_limit\":{\"requests\":1}}"));
		assertMatches("/api/api-keys", "post",
				http().send(http().request("/api/api-keys")
					.header("Authorization", "Bearer " + admin)
					.header("Content-Type", "text/plain")
					.POST(HttpRequest.BodyPublishers.ofString("name"))
					.build()));
		HttpResponse<byte[]> deleted = http()
			.send(http().request("/api/api-keys/" + id).header("Authorization", "Bearer " + admin).DELETE().build());
		assertThat(deleted.statusCode()).isEqualTo(200);
		assertMatches("/api/api-keys/{id}", "delete", deleted);
		assertMatches("/api/api-keys/{id}", "get", send("GET", "/api/api-keys/" + id, admin));
		String plain = createKey("{\"name\":\"openapi-plain-" + UUID.randomUUID() + "\"}").get("key").asString();
		assertMatches("/api/api-keys", "get", send("GET", "/api/api-keys", plain));
		assertMatches("/api/api-keys", "get", send("GET", "/api/api-keys", user));
		assertMatches("/api/accounts", "get", send("GET", "/api/accounts", admin));
		assertMatches("/api/accounts/{id}", "get", send("GET", "/api/accounts/no-such-account", admin));
		assertMatches("/api/accounts/{id}", "patch",
				http().json("PATCH", "/api/accounts/no-such-account", admin, "{\"enabled\":true}"));
		assertMatches("/api/accounts", "post", http().json("POST", "/api/accounts", admin, "{\"tokens\":{}}"));
		assertMatches("/api/catalog", "get", send("GET", "/api/catalog", admin));
	}

	@Test
	void usageAndAuditAnswersShouldMatchTheirSchemasAndHeaders() {
		String admin = adminKey();
		JsonNode key = createKey("{\"name\":\"openapi-usage-" + UUID.randomUUID()
				+ "\",\"rate_limit\":{\"requests_per_minute\":5,\"requests_per_day\":50}}");
		String id = key.get("id").asString();
		String plaintext = key.get("key").asString();
		assertThat(send("GET", "/v1/models", plaintext).statusCode()).isEqualTo(200);
		assertMatches("/v1/usage", "get", send("GET", "/v1/usage", plaintext));
		assertMatches("/backend-api/codex/usage", "get", send("GET", "/backend-api/codex/usage", plaintext));
		assertMatches("/v1/usage", "get", send("GET", "/v1/usage", "sk-clb-" + "n".repeat(43)));
		assertMatches("/api/api-keys/{id}/usage", "get", send("GET", "/api/api-keys/" + id + "/usage", admin));
		assertMatches("/api/api-keys/{id}/usage", "get",
				send("GET", "/api/api-keys/" + id + "/usage?granularity=week", admin));
		assertMatches("/api/api-keys/{id}/usage", "get", send("GET", "/api/api-keys/nope/usage", admin));
		assertMatches("/api/usage", "get", send("GET", "/api/usage?granularity=day", admin));
		assertMatches("/api/usage", "get", send("GET", "/api/usage", plaintext));
		assertMatches("/api/audit-log", "get", send("GET", "/api/audit-log?limit=2", admin));
		assertMatches("/api/audit-log", "get", send("GET", "/api/audit-log?after=never", admin));
		assertMatches("/api/catalog/changes", "get", send("GET", "/api/catalog/changes?limit=2", admin));
		assertMatches("/api/catalog/changes", "get", send("GET", "/api/catalog/changes?since=yesterday", admin));
		assertMatches("/api/webhooks/deliveries", "get", send("GET", "/api/webhooks/deliveries?limit=2", admin));
		assertMatches("/api/webhooks/deliveries", "get", send("GET", "/api/webhooks/deliveries?status=lost", admin));
	}

	@Test
	void wrongAnswersShouldFailTheCheck() throws IOException {
		ObjectNode list = (ObjectNode) json.readTree(Files.readString(GOLDEN.resolve("models-codex.json")));
		ObjectNode model = (ObjectNode) list.get("data").get(0);
		((ObjectNode) model.get("metadata")).remove("priority");
		model.put("created", "yesterday");
		assertThat(this.document.validate("/v1/models", "get", 200, list)).hasSizeGreaterThanOrEqualTo(2);
		ObjectNode codexEntry = (ObjectNode) json.readTree(Files.readString(GOLDEN.resolve("models-codex.json")));
		((ObjectNode) codexEntry.get("models").get(0)).put("shell_type", "bash");
		assertThat(this.document.validate("/v1/models", "get", 200, codexEntry)).isNotEmpty();
		JsonNode envelope = json.readTree(
				"{\"error\":{\"message\":\"Invalid API key\",\"type\":\"authentication_error\"," + "\"param\":null}}");
		assertThat(this.document.validate("/v1/models", "get", 401, envelope)).isNotEmpty();
		JsonNode undocumentedField = json.readTree("""
				{"id":"k","object":"api_key","name":"n","key_prefix":"sk-clb-AAAAA","allowed_models":null,
				 "expires_at":null,"is_active":true,"admin":false,"rate_limit":null,"created_at":"2026-01-01T00:00:00Z",
				 "last_used_at":null,"key_hash":"00"}""");
		assertThat(this.document.validate("/api/api-keys/{id}", "get", 200, undocumentedField)).isNotEmpty();
		Map<String, List<String>> headers = new HashMap<>(send("GET", "/v1/models", adminKey()).headers().map());
		headers.put("x-undocumented", List.of("1"));
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> this.document.assertHeadersMatch("/v1/models", "get", 200, headers));
		headers.remove("x-undocumented");
		headers.put("etag", List.of("W/\"weak\""));
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> this.document.assertHeadersMatch("/v1/models", "get", 200, headers));
		headers.remove("etag");
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> this.document.assertHeadersMatch("/v1/models", "get", 200, headers));
	}

	@Test
	void documentAndUiShouldBeServedWithoutAKey() {
		HttpResponse<byte[]> document = send("GET", "/v3/api-docs", null);
		assertThat(document.headers().firstValue("Content-Type")).hasValue("application/json");
		assertThat(document.headers().allValues("X-Content-Type-Options")).containsExactly("nosniff");
		assertThat(document.headers().allValues("X-Request-Id")).hasSize(1);
		assertThat(document.headers().allValues("Cache-Control")).containsExactly("private, no-cache");
		assertThat(body(document).get("openapi").asString()).isEqualTo("3.1.0");
		assertThat(Http.text(send("GET", "/v3/api-docs.yaml", null))).startsWith("openapi: 3.1.0");
		HttpResponse<byte[]> page = send("GET", "/swagger-ui.html", null);
		assertThat(page.statusCode()).isEqualTo(302);
		String index = page.headers().firstValue("Location").orElseThrow();
		assertThat(index).isEqualTo("/swagger-ui/index.html");
		HttpResponse<byte[]> html = send("GET", index, null);
		assertThat(html.statusCode()).isEqualTo(200);
		assertThat(Http.text(html)).contains("swagger-initializer.js");
		HttpResponse<byte[]> initializer = send("GET", "/swagger-ui/swagger-initializer.js", null);
		assertThat(Http.text(initializer)).contains("/v3/api-docs/swagger-config").doesNotContain("petstore");
		assertThat(send("GET", "/swagger-ui/swagger-ui-bundle.js", null).statusCode()).isEqualTo(200);
		assertThat(body(send("GET", "/v3/api-docs/swagger-config", null)).get("url").asString())
			.isEqualTo("/v3/api-docs");
		assertThat(send("GET", "/v3/api-docs-and-more", null).statusCode()).isEqualTo(401);
		assertThat(send("GET", "/swagger-ui/no-such-file", null).statusCode()).isEqualTo(404);
	}

	private boolean isRouteOfTheApi(HandlerMethod handler) {
		Class<?> type = handler.getBeanType();
		// the container's error page, the document and UI themselves, and the console's
		// pages (HTML for a browser, docs/console.md) are not routes of the API
		return !ErrorController.class.isAssignableFrom(type) && !type.getPackageName().startsWith("org.springdoc")
				&& !type.getPackageName().startsWith("io.codexlb.admin.console");
	}

	private static Set<String> operations(RequestMappingInfo mapping) {
		Set<String> operations = new TreeSet<>();
		assertThat(mapping.getMethodsCondition().getMethods()).as("methods of %s", mapping).isNotEmpty();
		for (String path : mapping.getPatternValues()) {
			mapping.getMethodsCondition()
				.getMethods()
				.forEach((method) -> operations.add(ApiDocument.operationName(method.name(), path)));
		}
		return operations;
	}

	// every servlet but the dispatcher: a path mapping /x/* is the route /x/{...}, its
	// methods those of its Allow header
	private Set<String> servletOperations() {
		Set<String> operations = new TreeSet<>();
		for (ServletRegistration servlet : this.context.getServletContext().getServletRegistrations().values()) {
			if (servlet.getName().equals("dispatcherServlet")) {
				continue;
			}
			for (String mapping : servlet.getMappings()) {
				String path = mapping.endsWith("/*") ? mapping.substring(0, mapping.length() - 2) + "/{}" : mapping;
				String probe = path.replace("{}", "probe");
				HttpResponse<byte[]> options = send("OPTIONS", probe, adminKey());
				String allow = options.headers().firstValue("Allow").orElseThrow();
				for (String method : allow.split(",")) {
					if (!method.strip().equals("OPTIONS")) {
						operations.add(ApiDocument.operationName(method.strip(), path));
					}
				}
			}
		}
		assertThat(operations).as("servlet routes").isNotEmpty();
		return operations;
	}

	private String documentedPath(String normalized) {
		for (String path : this.document.json().get("paths").propertyNames()) {
			if (ApiDocument.operationName("GET", path).equals("GET " + normalized)) {
				return path;
			}
		}
		throw new AssertionError("no documented path for " + normalized);
	}

	private void assertDescribed(String method, String path) {
		JsonNode operation = this.document.operation(path, method);
		String name = method + " " + path;
		assertThat(operation.path("summary").asString("")).as("summary of %s", name).isNotBlank();
		assertThat(operation.path("operationId").asString("")).as("operationId of %s", name).isNotBlank();
		assertThat(operation.path("tags").isArray()).as("tags of %s", name).isTrue();
		List<String> statuses = new ArrayList<>(operation.path("responses").propertyNames());
		assertThat(statuses).as("responses of %s", name).anyMatch((status) -> status.startsWith("2")).contains("401");
	}

	private HttpResponse<byte[]> send(String method, String path, @Nullable String key) {
		HttpRequest.Builder request = http().request(path).method(method, HttpRequest.BodyPublishers.noBody());
		if (key != null) {
			request.header("Authorization", "Bearer " + key);
		}
		return http().send(request.build());
	}

	private void assertMatches(String path, String method, HttpResponse<byte[]> response) {
		int status = response.statusCode();
		this.document.assertHeadersMatch(path, method, status, response.headers().map());
		if (method.equals("head") || status == 304) {
			assertThat(response.body()).as("%s %s %s body", method, path, status).isEmpty();
			this.document.assertNoBodyDocumented(path, method, status);
		}
		else {
			assertThat(response.headers().allValues("Content-Type")).as("%s %s %s", method, path, status)
				.containsExactly("application/json");
			this.document.assertBodyMatches(path, method, status, body(response));
		}
	}

	// the document with the names in every required list in order: the served document
	// lists them sorted
	private static JsonNode sorted(JsonNode node) {
		JsonNode copy = node.deepCopy();
		sortRequired(copy);
		return copy;
	}

	private static void sortRequired(JsonNode node) {
		if (node instanceof ObjectNode object) {
			if (object.get("required") instanceof ArrayNode required) {
				List<String> names = new ArrayList<>();
				required.forEach((name) -> names.add(name.asString()));
				names.sort(null);
				required.removeAll();
				names.forEach(required::add);
			}
			object.properties().forEach((field) -> sortRequired(field.getValue()));
		}
		else if (node.isArray()) {
			node.forEach(OpenApiDocumentTest::sortRequired);
		}
	}

	private static byte[] gunzip(HttpResponse<byte[]> response) {
		try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(response.body()))) {
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
