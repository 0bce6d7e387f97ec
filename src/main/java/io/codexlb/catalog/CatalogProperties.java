package io.codexlb.catalog;

import java.time.Duration;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;

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
 * @param renderCacheSize how many rendered bodies (per snapshot, set of models a key sees
 * and shape) are kept, in at most a quarter of the heap; the key scopes are remembered 16
 * times as many
 * @param refreshInterval how often the model lists are fetched from the accounts
 * @param maxAge how long an account's last good list is used while its fetches fail
 * @param fetchConcurrency how many accounts are fetched at the same time
 * @param overrides operator overrides per model id (use {@code overrides[gpt-5.1]} for
 * ids with dots)
 * @param followInterval how often a replica looks for a newer catalog stored by the
 * replica that refreshed it
 * @param changeRetention how long the catalog's change history is kept; older changes are
 * pruned once a day
 */
@Validated
@ConfigurationProperties("codex-lb.catalog")
public record CatalogProperties(@NotBlank @DefaultValue("codex-lb") String ownedBy,
		@DefaultValue("true") boolean bootstrap,
		@NotBlank @DefaultValue("classpath:catalog/bootstrap-models.json") String bootstrapResource,
		@Min(16) @DefaultValue("1024") int renderCacheSize, @NotNull @DefaultValue("5m") Duration refreshInterval,
		@NotNull @DefaultValue("24h") Duration maxAge, @Min(1) @Max(64) @DefaultValue("4") int fetchConcurrency,
		@Valid @DefaultValue Map<String, ModelOverride> overrides, @NotNull @DefaultValue("2s") Duration followInterval,
		@NotNull @DefaultValue("90d") Duration changeRetention) {

	/**
	 * What the operator changes about one model.
	 *
	 * @param priority the priority (higher is preferred), replacing the one derived from
	 * upstream
	 * @param displayName the display name
	 * @param description the description
	 * @param contextWindow the context window in tokens
	 * @param hidden whether to leave the model out of {@code data} (and hide it in the
	 * Codex CLI's picker)
	 */
	public record ModelOverride(@Nullable @Min(0) @Max(1_000_000) Integer priority, @Nullable String displayName,
			@Nullable String description, @Nullable @Min(1) Integer contextWindow, @Nullable Boolean hidden) {

	}

}
