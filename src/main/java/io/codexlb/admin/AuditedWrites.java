package io.codexlb.admin;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

import io.codexlb.audit.AuditChange;
import io.codexlb.audit.AuditEntry;
import io.codexlb.audit.AuditLog;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs an admin write and writes its audit row in one transaction: the services' own
 * transactions join it, so a write that fails (a 400, 404 or 409, a full disk) leaves no
 * row, and one that commits always has its row.
 */
@Component
class AuditedWrites {

	private final AuditLog auditLog;

	private final TransactionTemplate transactions;

	private final JsonMapper jsonMapper;

	AuditedWrites(AuditLog auditLog, PlatformTransactionManager transactionManager, JsonMapper jsonMapper) {
		this.auditLog = auditLog;
		this.transactions = new TransactionTemplate(transactionManager);
		this.jsonMapper = jsonMapper;
	}

	/**
	 * Makes a write and records it.
	 * @param <T> what the write returns
	 * @param write the write
	 * @param entry its audit entry, from what it returned
	 * @return what the write returned
	 */
	<T> T write(Supplier<T> write, Function<T, AuditEntry> entry) {
		return this.transactions.execute((status) -> {
			T result = write.get();
			this.auditLog.record(entry.apply(result));
			return result;
		});
	}

	/**
	 * Makes a write that changes several things, and records each.
	 * @param <T> what the write returns
	 * @param write the write
	 * @param entries its audit entries, from what it returned
	 * @return what the write returned
	 */
	<T> T writeAll(Supplier<T> write, Function<T, List<AuditEntry>> entries) {
		return this.transactions.execute((status) -> {
			T result = write.get();
			entries.apply(result).forEach(this.auditLog::record);
			return result;
		});
	}

	/**
	 * Records something done outside the database, once it is done.
	 * @param entry its audit entry
	 */
	void record(AuditEntry entry) {
		this.transactions.executeWithoutResult((status) -> this.auditLog.record(entry));
	}

	/**
	 * The new values of fields, as the admin API answers them.
	 * @param response the answer to the write, which holds no secret
	 * @param fields the fields, in the answer's names, in order
	 * @return a change per field
	 */
	List<AuditChange> changes(Object response, Collection<String> fields) {
		JsonNode written = this.jsonMapper.valueToTree(response);
		List<AuditChange> changes = new ArrayList<>(fields.size());
		for (String field : fields) {
			JsonNode value = written.get(field);
			changes.add(AuditChange.of(field, (value == null || value.isNull()) ? null : value));
		}
		return changes;
	}

}
