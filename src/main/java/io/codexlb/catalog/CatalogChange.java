package io.codexlb.catalog;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * One recorded change of the catalog: a model added, removed or changed, or an account's
 * own list changed.
 *
 * @param id the change's id, increasing
 * @param occurredAt when the snapshot (or the account's list) that made it was stored
 * @param snapshotVersion the version of the catalog snapshot the change belongs to
 * @param event {@code model_added}, {@code model_removed}, {@code model_changed} or
 * {@code account_models_changed}
 * @param modelId the model, {@code null} for {@code account_models_changed}
 * @param accountId the account, for {@code account_models_changed} only
 * @param changes for {@code model_changed}, {@code {"field": {"old": v, "new": v}}}; for
 * {@code account_models_changed}, {@code {"gained": [...], "lost": [...]}}; otherwise
 * {@code null}
 * @param accounts the accounts that advertise the model (before its removal, for
 * {@code model_removed}); empty for {@code account_models_changed}
 */
public record CatalogChange(long id, Instant occurredAt, long snapshotVersion, String event, @Nullable String modelId,
		@Nullable String accountId, @Nullable JsonNode changes, List<String> accounts) {

	/** A model the catalog did not have. */
	public static final String MODEL_ADDED = "model_added";

	/** A model the catalog no longer has. */
	public static final String MODEL_REMOVED = "model_removed";

	/** A model whose metadata changed. */
	public static final String MODEL_CHANGED = "model_changed";

	/** An account whose own list gained or lost models. */
	public static final String ACCOUNT_MODELS_CHANGED = "account_models_changed";

	/** Every event, in the order the documentation lists them. */
	public static final List<String> EVENTS = List.of(MODEL_ADDED, MODEL_REMOVED, MODEL_CHANGED,
			ACCOUNT_MODELS_CHANGED);

}
