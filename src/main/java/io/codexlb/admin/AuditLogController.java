package io.codexlb.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.codexlb.audit.AuditLog;
import io.codexlb.audit.AuditRecord;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The audit log, newest first, a page at a time: {@code after} is the {@code last_id} of
 * the page before.
 */
@RestController
class AuditLogController {

	private final AuditLog auditLog;

	AuditLogController(AuditLog auditLog) {
		this.auditLog = auditLog;
	}

	@GetMapping(path = "/api/audit-log", produces = "application/json")
	ResponseEntity<AdminResponses.PageOf<Entry>> page(@RequestParam(required = false) @Nullable String limit,
			@RequestParam(required = false) @Nullable String after,
			@RequestParam(required = false) @Nullable String action,
			@RequestParam(name = "target_id", required = false) @Nullable String targetId) {
		return AdminResponses.page(
				this.auditLog
					.page(PageParameters.limit(limit), PageParameters.after(after), PageParameters.text(action),
							PageParameters.text(targetId))
					.map(Entry::of),
				Entry::id);
	}

	/**
	 * An entry of the audit log.
	 *
	 * @param id the entry's id
	 * @param object always {@code audit_log.entry}
	 * @param occurredAt when the write was made (ISO-8601)
	 * @param actorType {@code api_key} or {@code system}
	 * @param actorId the admin key's id, {@code null} for the system
	 * @param actorKeyPrefix the admin key's display prefix, {@code null} for the system
	 * @param action such as {@code api_key.update}
	 * @param targetType such as {@code api_key}
	 * @param targetId the id of what was written, {@code null} for the catalog
	 * @param changes the fields the write set: {@code {field, value}}, or {@code {field,
	 * secret: true}} for a secret
	 * @param clientAddress the address the request came from
	 * @param requestId the request's {@code X-Request-Id}
	 */
	@JsonInclude(JsonInclude.Include.ALWAYS)
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	record Entry(String id, String object, String occurredAt, String actorType, @Nullable String actorId,
			@Nullable String actorKeyPrefix, String action, String targetType, @Nullable String targetId,
			JsonNode changes, @Nullable String clientAddress, @Nullable String requestId) {

		static Entry of(AuditRecord row) {
			return new Entry(String.valueOf(row.id()), "audit_log.entry", row.occurredAt().toString(), row.actorType(),
					row.actorId(), row.actorKeyPrefix(), row.action(), row.targetType(), row.targetId(), row.changes(),
					row.clientAddress(), row.requestId());
		}

	}

}
