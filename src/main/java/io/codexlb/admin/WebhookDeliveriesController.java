package io.codexlb.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.codexlb.error.ApiError;
import io.codexlb.webhook.WebhookDeliveries;
import io.codexlb.webhook.WebhookDelivery;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The webhook outbox, newest first, a page at a time: {@code after} is the
 * {@code last_id} of the page before. Never a payload, a signature or a secret.
 */
@RestController
class WebhookDeliveriesController {

	private final WebhookDeliveries deliveries;

	WebhookDeliveriesController(WebhookDeliveries deliveries) {
		this.deliveries = deliveries;
	}

	@GetMapping(path = "/api/webhooks/deliveries", produces = "application/json")
	ResponseEntity<AdminResponses.PageOf<Entry>> page(@RequestParam(required = false) @Nullable String limit,
			@RequestParam(required = false) @Nullable String after,
			@RequestParam(required = false) @Nullable String status) {
		int size = PageParameters.limit(limit);
		String last = PageParameters.text(after);
		if (last != null && !this.deliveries.exists(last)) {
			throw ApiError
				.invalidRequest("after",
						"'after' must be the last_id of a page before; no delivery has the id '"
								+ ApiError.excerpt(last) + "'.")
				.exception();
		}
		String state = PageParameters.oneOf("status", status, WebhookDeliveries.STATUSES);
		return AdminResponses.page(this.deliveries.page(size, last, state).map(Entry::of), Entry::id);
	}

	/**
	 * A delivery of the outbox.
	 *
	 * @param id the delivery id, the {@code X-Codex-LB-Delivery} of every attempt
	 * @param object always {@code webhook.delivery}
	 * @param webhookUrl the receiver, without user information and query string
	 * @param event the {@code X-Codex-LB-Event}
	 * @param snapshotVersion the catalog version of the changes it carries
	 * @param status {@code pending}, {@code delivered} or {@code failed}
	 * @param attempts the attempts made
	 * @param lastStatusCode the HTTP status of the last answer
	 * @param lastError why the last attempt failed
	 * @param createdAt when the changes were recorded (ISO-8601)
	 * @param lastAttemptAt when it was last tried
	 * @param nextAttemptAt when it is tried next, {@code null} unless pending
	 * @param deliveredAt when the receiver took it
	 */
	@JsonInclude(JsonInclude.Include.ALWAYS)
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	record Entry(String id, String object, String webhookUrl, String event, long snapshotVersion, String status,
			int attempts, @Nullable Integer lastStatusCode, @Nullable String lastError, String createdAt,
			@Nullable String lastAttemptAt, @Nullable String nextAttemptAt, @Nullable String deliveredAt) {

		static Entry of(WebhookDelivery delivery) {
			return new Entry(delivery.id(), "webhook.delivery", delivery.webhookUrl(), delivery.event(),
					delivery.snapshotVersion(), delivery.status(), delivery.attempts(), delivery.lastStatusCode(),
					delivery.lastError(), delivery.createdAt().toString(), AdminResponses.iso(delivery.lastAttemptAt()),
					AdminResponses.iso(delivery.nextAttemptAt()), AdminResponses.iso(delivery.deliveredAt()));
		}

	}

}
