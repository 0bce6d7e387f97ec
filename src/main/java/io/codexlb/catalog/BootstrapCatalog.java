package io.codexlb.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.stereotype.Component;

/**
 * The bundled catalog of current models, in the upstream's shape, served when no account
 * has supplied a list.
 */
@Component
class BootstrapCatalog {

	private final Resource resource;

	private final JsonMapper jsonMapper;

	BootstrapCatalog(CatalogProperties properties, ResourceLoader resourceLoader, JsonMapper jsonMapper) {
		this.resource = resourceLoader.getResource(properties.bootstrapResource());
		this.jsonMapper = jsonMapper;
	}

	JsonNode document() {
		try (InputStream input = this.resource.getInputStream()) {
			return this.jsonMapper.readTree(input);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the bootstrap catalog " + this.resource, ex);
		}
	}

}
