package io.codexlb.openapi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import io.swagger.v3.core.util.Json31;
import io.swagger.v3.core.util.Yaml31;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.media.Schema;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.core.io.Resource;

/**
 * Merges the described API ({@code openapi/codex-lb.yaml}) into the document springdoc
 * infers from the controllers: an operation described there replaces the inferred one of
 * the same path and method.
 *
 * <p>
 * The inference is not enough: springdoc cannot see the models routes, which a servlet of
 * their own answers, and it reads the admin wire records with Jackson 2, whose
 * annotations they do not carry (their JSON names come from Jackson 3's
 * {@code @JsonNaming}), so it would give their fields the wrong names, and it knows
 * neither which fields may be {@code null} nor the statuses. An inferred operation that
 * is not described stays in the document, and fails {@code OpenApiDocumentTest} until it
 * is described.
 */
final class DescribedApi implements OpenApiCustomizer {

	private final Resource resource;

	private final String version;

	/**
	 * Creates the customizer.
	 * @param resource the described document, in YAML
	 * @param version the implementation version, if known; otherwise the described
	 * document's own
	 */
	DescribedApi(Resource resource, String version) {
		this.resource = resource;
		this.version = version;
	}

	@Override
	public void customise(OpenAPI document) {
		OpenAPI described = read(this.resource);
		document.setInfo(described.getInfo());
		if (!this.version.isEmpty()) {
			document.getInfo().setVersion(this.version);
		}
		document.setServers(described.getServers());
		document.setSecurity(described.getSecurity());
		document.setTags(described.getTags());
		if (document.getPaths() == null) {
			document.setPaths(new Paths());
		}
		described.getPaths().forEach((path, item) -> describe(document.getPaths(), path, item));
		document.setComponents(components(document, described.getComponents()));
	}

	static OpenAPI read(Resource resource) {
		try (InputStream yaml = resource.getInputStream()) {
			return Yaml31.mapper().readValue(yaml, OpenAPI.class);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the API description " + resource, ex);
		}
	}

	private static void describe(Paths paths, String path, PathItem described) {
		PathItem item = paths.computeIfAbsent(path, (missing) -> new PathItem());
		described.readOperationsMap().forEach(item::operation);
		if (described.getParameters() != null) {
			item.setParameters(described.getParameters());
		}
		if (described.getSummary() != null) {
			item.setSummary(described.getSummary());
		}
		if (described.getDescription() != null) {
			item.setDescription(described.getDescription());
		}
	}

	// The described components, plus the inferred schemas that an operation which is not
	// described still refers to; those of the replaced operations would only mislead.
	private static Components components(OpenAPI document, Components described) {
		Map<String, Schema> inferred = (document.getComponents() != null
				&& document.getComponents().getSchemas() != null) ? document.getComponents().getSchemas() : Map.of();
		Map<String, Schema> schemas = new LinkedHashMap<>(described.getSchemas());
		described.setSchemas(schemas);
		document.setComponents(described);
		boolean added = true;
		while (added) {
			added = false;
			// an inferred schema may refer to further inferred ones
			for (String name : referencedSchemas(document)) {
				Schema schema = inferred.get(name);
				if (schema != null && !schemas.containsKey(name)) {
					schemas.put(name, schema);
					added = true;
				}
			}
		}
		return described;
	}

	private static Set<String> referencedSchemas(OpenAPI document) {
		Set<String> names = new LinkedHashSet<>();
		String prefix = "#/components/schemas/";
		Json31.mapper().valueToTree(document).findValues("$ref").forEach((ref) -> {
			if (ref.isTextual() && ref.asText().startsWith(prefix)) {
				names.add(ref.asText().substring(prefix.length()));
			}
		});
		return names;
	}

}
