package io.codexlb.catalog;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * A change of the catalog on the wire, one shape for {@code GET /api/catalog/changes} and
 * the webhook payloads.
 *
 * @param id the change's id
 * @param object always {@code catalog.change}
 * @param occurredAt when it was recorded (ISO-8601)
 * @param snapshotVersion the catalog version it belongs to
 * @param event {@code model_added}, {@code model_removed}, {@code model_changed} or
 * {@code account_models_changed}
 * @param modelId the model, {@code null} for an account's list change
 * @param accountId the account whose list changed, otherwise {@code null}
 * @param changes the changed fields with their old and new values, or the models an
 * account gained and lost; otherwise {@code null}
 * @param accounts the accounts that advertise the model
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CatalogChangeEntry(String id, String object, String occurredAt, long snapshotVersion, String event,
		@Nullable String modelId, @Nullable String accountId, @Nullable JsonNode changes, List<String> accounts) {

	public static CatalogChangeEntry of(CatalogChange change) {
		return new CatalogChangeEntry(String.valueOf(change.id()), "catalog.change", change.occurredAt().toString(),
				change.snapshotVersion(), change.event(), change.modelId(), change.accountId(), change.changes(),
				change.accounts());
	}

}
