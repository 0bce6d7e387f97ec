package io.codexlb.audit;

import java.time.Instant;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A row of the audit log.
 *
 * @param id the row's id, increasing
 * @param occurredAt when the write was made
 * @param actorType {@code api_key} or {@code system}
 * @param actorId the key's id, {@code null} for the system
 * @param actorKeyPrefix the key's display prefix, {@code null} for the system
 * @param action such as {@code api_key.update}
 * @param targetType such as {@code api_key}
 * @param targetId the id of what was written
 * @param changes the fields set: an array of {@code {field, value}} and {@code {field,
 * secret: true}}
 * @param clientAddress the address the request came from
 * @param requestId the request's {@code X-Request-Id}
 */
public record AuditRecord(long id, Instant occurredAt, String actorType, @Nullable String actorId,
		@Nullable String actorKeyPrefix, String action, String targetType, @Nullable String targetId, JsonNode changes,
		@Nullable String clientAddress, @Nullable String requestId) {

}
