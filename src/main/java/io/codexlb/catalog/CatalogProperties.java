package io.codexlb.catalog;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the model catalog.
 *
 * @param ownedBy the {@code owned_by} of every model object
 * @param bootstrap whether the bundled bootstrap catalog is served when no account data
 * exists
 * @param bootstrapResource where the bootstrap catalog (upstream shape) is read from
 * @param renderCacheSize how many rendered bodies (per snapshot, allowed-model set and
 * shape) are kept
 */
@Validated
@ConfigurationProperties("codex-lb.catalog")
public record CatalogProperties(@NotBlank @DefaultValue("codex-lb") String ownedBy,
		@DefaultValue("true") boolean bootstrap,
		@NotBlank @DefaultValue("classpath:catalog/bootstrap-models.json") String bootstrapResource,
		@Min(16) @DefaultValue("1024") int renderCacheSize) {

}
