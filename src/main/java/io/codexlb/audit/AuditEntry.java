package io.codexlb.audit;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What an admin write did, for the audit log; who made it, and from where, the log takes
 * from the request.
 *
 * @param action such as {@code api_key.update}
 * @param targetType such as {@code api_key}
 * @param targetId the id of what was written, {@code null} for the catalog
 * @param changes the fields set, in order
 */
public record AuditEntry(String action, String targetType, @Nullable String targetId, List<AuditChange> changes) {

}
