package io.codexlb.catalog;

import java.util.List;

import tools.jackson.databind.node.ObjectNode;

/**
 * One model of the catalog.
 *
 * @param id the model id (the upstream slug)
 * @param created when the model was created upstream or first seen here, in epoch seconds
 * @param metadata the metadata the models routes show
 * @param visibility where the Codex CLI shows the model, the operator's override applied
 * @param upstreamVisibility where the upstream entry says to show it
 * @param hiddenByOverride whether the operator's override hides it
 * @param upstreamPriority the upstream's own priority (ascending: 1 is shown first)
 * @param codexEntry the Codex-native entry, valid for the Codex CLI, with every unknown
 * upstream field kept; never modified once the model is built
 * @param advertisedBy the ids of the accounts whose lists have the model, empty for the
 * bootstrap catalog
 */
public record CatalogModel(String id, long created, ModelMetadata metadata, Visibility visibility,
		Visibility upstreamVisibility, boolean hiddenByOverride, int upstreamPriority, ObjectNode codexEntry,
		List<String> advertisedBy) {

	/**
	 * Whether the model belongs in the {@code data} list of the models routes.
	 * @return {@code true} for an API-supported model the catalog lists
	 */
	public boolean listed() {
		return this.metadata.supportedInApi() && this.visibility == Visibility.LIST;
	}

}
