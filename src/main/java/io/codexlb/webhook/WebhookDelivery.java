package io.codexlb.webhook;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * The state of one delivery of the outbox, as it may be shown: neither the payload nor
 * anything of the secret.
 *
 * @param id the delivery id, the {@code X-Codex-LB-Delivery} of every attempt
 * @param webhookUrl the receiver's URL without user information and query string
 * @param event the {@code X-Codex-LB-Event}
 * @param snapshotVersion the catalog version of the changes it carries
 * @param status {@code pending}, {@code delivered} or {@code failed}
 * @param attempts the attempts made
 * @param lastStatusCode the HTTP status of the last answer, {@code null} before the first
 * or when the last attempt got none
 * @param lastError why the last attempt failed, {@code null} if it did not
 * @param createdAt when the changes were recorded
 * @param lastAttemptAt when it was last tried
 * @param nextAttemptAt when it is tried next, for a pending delivery
 * @param deliveredAt when a receiver took it
 */
public record WebhookDelivery(String id, String webhookUrl, String event, long snapshotVersion, String status,
		int attempts, @Nullable Integer lastStatusCode, @Nullable String lastError, Instant createdAt,
		@Nullable Instant lastAttemptAt, @Nullable Instant nextAttemptAt, @Nullable Instant deliveredAt) {

	/** Not yet taken by the receiver; tried again when due. */
	public static final String PENDING = "pending";

	/** Taken by the receiver (a 2xx answer). */
	public static final String DELIVERED = "delivered";

	/** Given up: every attempt failed, or the webhook is no longer configured. */
	public static final String FAILED = "failed";

}
