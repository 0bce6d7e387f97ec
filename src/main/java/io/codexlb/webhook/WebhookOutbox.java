package io.codexlb.webhook;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.codexlb.catalog.CatalogChange;
import io.codexlb.catalog.CatalogChangesRecorded;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Writes a delivery for every configured webhook that receives at least one change of a
 * batch, in the transaction that records the batch: the changes and their deliveries
 * commit together, or neither does.
 */
@Component
class WebhookOutbox {

	/** The {@code X-Codex-LB-Event} and the payload's {@code event}. */
	static final String EVENT = "catalog.changes";

	private final WebhookProperties webhooks;

	private final WebhookDeliveryStore store;

	private final JsonMapper jsonMapper;

	WebhookOutbox(WebhookProperties webhooks, WebhookDeliveryStore store, JsonMapper jsonMapper) {
		this.webhooks = webhooks;
		this.store = store;
		this.jsonMapper = jsonMapper;
	}

	@EventListener
	void recorded(CatalogChangesRecorded batch) {
		for (WebhookProperties.Webhook webhook : this.webhooks.webhooks()) {
			List<CatalogChange> changes = batch.changes()
				.stream()
				.filter((change) -> webhook.receives(change.event()))
				.toList();
			if (changes.isEmpty()) {
				continue;
			}
			String id = UUID.randomUUID().toString();
			Map<String, @Nullable Object> payload = new LinkedHashMap<>();
			payload.put("id", id);
			payload.put("event", EVENT);
			payload.put("occurred_at", batch.occurredAt().toString());
			payload.put("snapshot_version", batch.snapshotVersion());
			payload.put("changes", changes.stream().map(WebhookOutbox::entry).toList());
			this.store.insert(id, webhook.url(), EVENT, batch.snapshotVersion(),
					this.jsonMapper.writeValueAsString(payload), batch.occurredAt());
		}
	}

	// the shape of an entry of GET /api/catalog/changes
	private static Map<String, @Nullable Object> entry(CatalogChange change) {
		Map<String, @Nullable Object> entry = new LinkedHashMap<>();
		entry.put("id", String.valueOf(change.id()));
		entry.put("object", "catalog.change");
		entry.put("occurred_at", change.occurredAt().toString());
		entry.put("snapshot_version", change.snapshotVersion());
		entry.put("event", change.event());
		entry.put("model_id", change.modelId());
		entry.put("account_id", change.accountId());
		entry.put("changes", change.changes());
		entry.put("accounts", change.accounts());
		return entry;
	}

}
