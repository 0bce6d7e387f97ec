package io.codexlb.catalog;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.codexlb.database.ResultPage;
import io.codexlb.database.SqlTimestamps;
import io.codexlb.replica.ReplicaLocks;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Service;

/**
 * The catalog's change history: the changes of a round written in the transaction that
 * stores its snapshot, by the replica that stores it, and published to the listeners in
 * that transaction ({@link CatalogChangesRecorded}). Read back newest first; once a day
 * one replica prunes the changes past the retention.
 */
@Service
public class CatalogChangeLog implements SchedulingConfigurer {

	static final String RETENTION_LOCK = "catalog-change-retention";

	private static final String COLUMNS = "id, occurred_at, snapshot_version, event, model_id, account_id, changes, "
			+ "accounts";

	private final JdbcClient jdbc;

	private final JsonMapper jsonMapper;

	private final Clock clock;

	private final ReplicaLocks locks;

	private final CatalogProperties properties;

	private final ApplicationEventPublisher events;

	CatalogChangeLog(JdbcClient jdbc, JsonMapper jsonMapper, Clock clock, ReplicaLocks locks,
			CatalogProperties properties, ApplicationEventPublisher events) {
		this.jdbc = jdbc;
		this.jsonMapper = jsonMapper;
		this.clock = clock;
		this.locks = locks;
		this.properties = properties;
		this.events = events;
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		registrar.addFixedDelayTask(this::pruneOnceADay, ReplicaLocks.DAILY_CHECK_INTERVAL);
	}

	/**
	 * Writes the changes of a round and publishes them; must be called in the transaction
	 * that stores the round's snapshot, so that the snapshot, its changes and what the
	 * listeners write commit together.
	 * @param snapshotVersion the version of the round's snapshot
	 * @param at when the round stored it
	 * @param pending the changes, in order
	 * @return the changes as written, empty when there were none
	 */
	List<CatalogChange> record(long snapshotVersion, Instant at, List<Pending> pending) {
		if (pending.isEmpty()) {
			return List.of();
		}
		Instant occurredAt = at.truncatedTo(ChronoUnit.MILLIS);
		List<CatalogChange> recorded = new ArrayList<>(pending.size());
		for (Pending change : pending) {
			KeyHolder id = new GeneratedKeyHolder();
			this.jdbc
				.sql("INSERT INTO catalog_changes (occurred_at, snapshot_version, event, model_id, account_id, "
						+ "changes, accounts) VALUES (?, ?, ?, ?, ?, ?, ?)")
				.params(SqlTimestamps.of(occurredAt), snapshotVersion, change.event(), change.modelId(),
						change.accountId(),
						(change.changes() != null) ? this.jsonMapper.writeValueAsString(change.changes()) : null,
						this.jsonMapper.writeValueAsString(change.accounts()))
				.update(id, "id");
			recorded.add(new CatalogChange(Objects.requireNonNull(id.getKeyAs(Number.class)).longValue(), occurredAt,
					snapshotVersion, change.event(), change.modelId(), change.accountId(), change.changes(),
					List.copyOf(change.accounts())));
		}
		this.events.publishEvent(new CatalogChangesRecorded(snapshotVersion, occurredAt, List.copyOf(recorded)));
		return recorded;
	}

	/**
	 * A page of the history, newest first.
	 * @param limit how many changes at most
	 * @param before only changes older than this id, or {@code null} from the newest
	 * @param since only changes that occurred at or after this instant, or {@code null}
	 * @return the page
	 */
	public ResultPage<CatalogChange> page(int limit, @Nullable Long before, @Nullable Instant since) {
		StringBuilder where = new StringBuilder(" WHERE 1 = 1");
		List<Object> params = new ArrayList<>();
		if (before != null) {
			where.append(" AND id < ?");
			params.add(before);
		}
		if (since != null) {
			where.append(" AND occurred_at >= ?");
			params.add(Objects.requireNonNull(SqlTimestamps.of(since)));
		}
		params.add(limit + 1);
		List<CatalogChange> rows = this.jdbc
			.sql("SELECT " + COLUMNS + " FROM catalog_changes" + where + " ORDER BY id DESC LIMIT ?")
			.params(params)
			.query(this::row)
			.list();
		return ResultPage.of(rows, limit);
	}

	/**
	 * Prunes the changes past the retention, when no replica did in the last day.
	 * @return how many changes were removed, or -1 when another replica did it
	 */
	int pruneOnceADay() {
		return this.locks.pruneOnceADay(RETENTION_LOCK, "catalog changes",
				() -> this.clock.instant().minus(this.properties.changeRetention()),
				(before) -> this.jdbc.sql("DELETE FROM catalog_changes WHERE occurred_at < ?")
					.param(SqlTimestamps.of(before))
					.update());
	}

	private CatalogChange row(ResultSet rs, int row) throws SQLException {
		String changes = rs.getString("changes");
		List<String> accounts = new ArrayList<>();
		this.jsonMapper.readTree(rs.getString("accounts")).forEach((account) -> accounts.add(account.asString()));
		JsonNode parsed = (changes != null) ? this.jsonMapper.readTree(changes) : null;
		return new CatalogChange(rs.getLong("id"), Objects.requireNonNull(SqlTimestamps.instant(rs, "occurred_at")),
				rs.getLong("snapshot_version"), rs.getString("event"), rs.getString("model_id"),
				rs.getString("account_id"), parsed, List.copyOf(accounts));
	}

	/**
	 * A change not yet written.
	 *
	 * @param event the event
	 * @param modelId the model, if any
	 * @param accountId the account, if any
	 * @param changes the changed fields, if any
	 * @param accounts the accounts concerned
	 */
	record Pending(String event, @Nullable String modelId, @Nullable String accountId, @Nullable JsonNode changes,
			List<String> accounts) {

	}

}
