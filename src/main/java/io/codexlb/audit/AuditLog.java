package io.codexlb.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.codexlb.database.ResultPage;
import io.codexlb.database.SqlTimestamps;
import io.codexlb.logging.LoggingContext;
import io.codexlb.replica.ReplicaLocks;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Writes a row for every admin write, in the write's transaction: a write that rolls back
 * leaves no row, one that commits always has its row. The actor, the client's address and
 * the request id come from the request being served; without one the write is the
 * service's own. Once a day one replica prunes the rows past the retention.
 */
@Service
public class AuditLog implements SchedulingConfigurer {

	static final String RETENTION_LOCK = "audit-retention";

	// the width of its column
	static final int CLIENT_ADDRESS_LENGTH = 64;

	private static final String COLUMNS = "id, occurred_at, actor_type, actor_id, actor_prefix, action, target_type, "
			+ "target_id, changes, client_address, request_id";

	private final JdbcTemplate jdbc;

	private final JsonMapper jsonMapper;

	private final Clock clock;

	private final ReplicaLocks locks;

	private final AuditProperties properties;

	private final Counter written;

	AuditLog(JdbcTemplate jdbc, JsonMapper jsonMapper, Clock clock, ReplicaLocks locks, AuditProperties properties,
			MeterRegistry meterRegistry) {
		this.jdbc = jdbc;
		this.jsonMapper = jsonMapper;
		this.clock = clock;
		this.locks = locks;
		this.properties = properties;
		this.written = Counter.builder("codex_lb_audit_rows_written")
			.description("Rows written to the audit log (counted once their write has committed)")
			.register(meterRegistry);
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		registrar.addFixedDelayTask(this::pruneOnceADay, ReplicaLocks.DAILY_CHECK_INTERVAL);
	}

	/**
	 * Writes the row of an admin write; must be called in the write's transaction.
	 * @param entry what the write did
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void record(AuditEntry entry) {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		AuditActor actor = (authentication != null && authentication.getPrincipal() instanceof AuditActor key) ? key
				: null;
		HttpServletRequest request = currentRequest();
		this.jdbc.update(
				"INSERT INTO audit_log (occurred_at, actor_type, actor_id, actor_prefix, action, target_type, "
						+ "target_id, changes, client_address, request_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
				SqlTimestamps.of(this.clock.instant().truncatedTo(ChronoUnit.MILLIS)),
				(actor != null) ? "api_key" : "system", (actor != null) ? actor.keyId() : null,
				(actor != null) ? actor.keyPrefix() : null, entry.action(), entry.targetType(), entry.targetId(),
				this.jsonMapper.writeValueAsString(changes(entry.changes())),
				(request != null) ? clip(request.getRemoteAddr(), CLIENT_ADDRESS_LENGTH) : null,
				(request != null) ? MDC.get(LoggingContext.REQUEST_ID) : null);
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

			@Override
			public void afterCommit() {
				AuditLog.this.written.increment();
			}

		});
	}

	/**
	 * A page of the log, newest first.
	 * @param limit how many rows at most
	 * @param before only rows older than this id, or {@code null} from the newest
	 * @param action only this action, or {@code null}
	 * @param targetId only writes of this target, or {@code null}
	 * @return the page
	 */
	@Transactional(readOnly = true)
	public ResultPage<AuditRecord> page(int limit, @Nullable Long before, @Nullable String action,
			@Nullable String targetId) {
		StringBuilder where = new StringBuilder(" WHERE 1 = 1");
		List<Object> params = new ArrayList<>();
		if (before != null) {
			where.append(" AND id < ?");
			params.add(before);
		}
		if (action != null) {
			where.append(" AND action = ?");
			params.add(action);
		}
		if (targetId != null) {
			where.append(" AND target_id = ?");
			params.add(targetId);
		}
		params.add(limit + 1);
		List<AuditRecord> rows = this.jdbc.query(
				"SELECT " + COLUMNS + " FROM audit_log" + where + " ORDER BY id DESC LIMIT ?", this::row,
				params.toArray());
		return ResultPage.of(rows, limit);
	}

	/**
	 * Prunes the rows past the retention, when no replica did in the last day.
	 * @return how many rows were removed, or -1 when another replica did it
	 */
	int pruneOnceADay() {
		return this.locks.pruneOnceADay(RETENTION_LOCK, "audit log rows",
				() -> this.clock.instant().minus(this.properties.retention()),
				(before) -> this.jdbc.update("DELETE FROM audit_log WHERE occurred_at < ?", SqlTimestamps.of(before)));
	}

	private AuditRecord row(ResultSet rs, int row) throws SQLException {
		return new AuditRecord(rs.getLong("id"), Objects.requireNonNull(SqlTimestamps.instant(rs, "occurred_at")),
				rs.getString("actor_type"), rs.getString("actor_id"), rs.getString("actor_prefix"),
				rs.getString("action"), rs.getString("target_type"), rs.getString("target_id"),
				this.jsonMapper.readTree(rs.getString("changes")), rs.getString("client_address"),
				rs.getString("request_id"));
	}

	private static List<Map<String, @Nullable Object>> changes(List<AuditChange> changes) {
		List<Map<String, @Nullable Object>> fields = new ArrayList<>(changes.size());
		for (AuditChange change : changes) {
			Map<String, @Nullable Object> field = new LinkedHashMap<>();
			field.put("field", change.field());
			if (change.secret()) {
				field.put("secret", true);
			}
			else {
				field.put("value", change.value());
			}
			fields.add(field);
		}
		return fields;
	}

	// behind a proxy the address may come from X-Forwarded-For: a long one must not make
	// the write fail
	private static @Nullable String clip(@Nullable String value, int length) {
		return (value != null && value.length() > length) ? value.substring(0, length) : value;
	}

	private static @Nullable HttpServletRequest currentRequest() {
		RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
		return (attributes instanceof ServletRequestAttributes servlet) ? servlet.getRequest() : null;
	}

}
