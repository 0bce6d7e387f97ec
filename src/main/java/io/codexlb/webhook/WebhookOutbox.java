package io.codexlb.webhook;

import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.codexlb.catalog.CatalogChange;
import io.codexlb.catalog.CatalogChangeEntry;
import io.codexlb.catalog.CatalogChangesRecorded;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;
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
			Payload payload = new Payload(id, EVENT, batch.occurredAt().toString(), batch.snapshotVersion(),
					changes.stream().map(CatalogChangeEntry::of).toList());
			this.store.insert(id, webhook.url(), EVENT, batch.snapshotVersion(),
					this.jsonMapper.writeValueAsString(payload), batch.occurredAt());
		}
	}

	/**
	 * The body of a delivery.
	 *
	 * @param id the delivery id, the {@code X-Codex-LB-Delivery} of every attempt
	 * @param event always {@code catalog.changes}
	 * @param occurredAt when the batch was recorded (ISO-8601)
	 * @param snapshotVersion the catalog version of the batch
	 * @param changes the batch's changes this webhook receives, as the change history
	 * shows them
	 */
	@JsonInclude(JsonInclude.Include.ALWAYS)
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	record Payload(String id, String event, String occurredAt, long snapshotVersion, List<CatalogChangeEntry> changes) {

	}

}
