package io.codexlb.webhook;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

import io.codexlb.database.SqlTimestamps;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The outbox of webhook deliveries in the database: written with the catalog's changes,
 * read and updated by the replica that sends.
 */
@Component
class WebhookDeliveryStore {

	// the width of its column
	static final int ERROR_LENGTH = 500;

	private static final String COLUMNS = "id, webhook_url, event, snapshot_version, status, attempts, "
			+ "last_status_code, last_error, created_at, last_attempt_at, next_attempt_at, delivered_at";

	private final JdbcClient jdbc;

	WebhookDeliveryStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void insert(String id, String webhookUrl, String event, long snapshotVersion, String payload, Instant now) {
		this.jdbc
			.sql("INSERT INTO webhook_deliveries (id, webhook_url, event, snapshot_version, payload, status, attempts, "
					+ "next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?)")
			.params(id, webhookUrl, event, snapshotVersion, payload, WebhookDelivery.PENDING, SqlTimestamps.of(now),
					SqlTimestamps.of(now))
			.update();
	}

	/**
	 * The pending deliveries to webhooks this replica knows that are due, oldest first.
	 * @param now the time
	 * @param webhookUrls the webhooks this replica has, not empty
	 * @param limit how many at most
	 * @return the deliveries, with their payload
	 */
	List<Due> due(Instant now, Collection<String> webhookUrls, int limit) {
		return this.jdbc
			.sql("SELECT id, webhook_url, event, payload, attempts FROM webhook_deliveries "
					+ "WHERE status = :status AND next_attempt_at <= :now AND webhook_url IN (:urls) "
					+ "ORDER BY next_attempt_at, created_at, id LIMIT :limit")
			.param("status", WebhookDelivery.PENDING)
			.param("now", SqlTimestamps.of(now))
			.param("urls", List.copyOf(webhookUrls))
			.param("limit", limit)
			.query(WebhookDeliveryStore::due)
			.list();
	}

	/**
	 * The pending deliveries to webhooks this replica does not have that have been due
	 * since a time: those no replica has sent.
	 * @param dueSince the time they have been due since
	 * @param webhookUrls the webhooks this replica has, perhaps none
	 * @param limit how many at most
	 * @return the deliveries
	 */
	List<Due> unsent(Instant dueSince, Collection<String> webhookUrls, int limit) {
		String others = webhookUrls.isEmpty() ? "" : "AND webhook_url NOT IN (:urls) ";
		JdbcClient.StatementSpec statement = this.jdbc
			.sql("SELECT id, webhook_url, event, payload, attempts FROM webhook_deliveries "
					+ "WHERE status = :status AND next_attempt_at <= :dueSince " + others
					+ "ORDER BY next_attempt_at, created_at, id LIMIT :limit")
			.param("status", WebhookDelivery.PENDING)
			.param("dueSince", SqlTimestamps.of(dueSince))
			.param("limit", limit);
		if (!webhookUrls.isEmpty()) {
			statement = statement.param("urls", List.copyOf(webhookUrls));
		}
		return statement.query(WebhookDeliveryStore::due).list();
	}

	private static Due due(ResultSet rs, int row) throws SQLException {
		return new Due(rs.getString("id"), rs.getString("webhook_url"), rs.getString("event"), rs.getString("payload"),
				rs.getInt("attempts"));
	}

	// only a pending delivery changes: a sender that outlived its lock never undoes what
	// the next one recorded
	void delivered(String id, int attempts, int statusCode, Instant now) {
		this.jdbc
			.sql("UPDATE webhook_deliveries SET status = ?, attempts = ?, last_status_code = ?, last_error = NULL, "
					+ "last_attempt_at = ?, delivered_at = ?, next_attempt_at = ? WHERE id = ? AND status = ?")
			.params(WebhookDelivery.DELIVERED, attempts, statusCode, SqlTimestamps.of(now), SqlTimestamps.of(now),
					SqlTimestamps.of(now), id, WebhookDelivery.PENDING)
			.update();
	}

	/**
	 * Records a failed attempt.
	 * @param id the delivery
	 * @param status {@code pending} to try again at {@code nextAttemptAt}, or
	 * {@code failed}
	 * @param attempts the attempts made
	 * @param statusCode the answer's status, if one came
	 * @param error why it failed
	 * @param now when it was tried
	 * @param nextAttemptAt when to try again
	 */
	void failedAttempt(String id, String status, int attempts, @Nullable Integer statusCode, String error, Instant now,
			Instant nextAttemptAt) {
		this.jdbc
			.sql("UPDATE webhook_deliveries SET status = ?, attempts = ?, last_status_code = ?, last_error = ?, "
					+ "last_attempt_at = ?, next_attempt_at = ? WHERE id = ? AND status = ?")
			.params(status, attempts, statusCode, clip(error), SqlTimestamps.of(now), SqlTimestamps.of(nextAttemptAt),
					id, WebhookDelivery.PENDING)
			.update();
	}

	int pruneDone(Instant before) {
		return this.jdbc.sql("DELETE FROM webhook_deliveries WHERE status <> ? AND created_at < ?")
			.params(WebhookDelivery.PENDING, SqlTimestamps.of(before))
			.update();
	}

	long pending() {
		return this.jdbc.sql("SELECT COUNT(*) FROM webhook_deliveries WHERE status = ?")
			.param(WebhookDelivery.PENDING)
			.query(Long.class)
			.single();
	}

	boolean exists(String id) {
		return this.jdbc.sql("SELECT COUNT(*) FROM webhook_deliveries WHERE id = ?")
			.param(id)
			.query(Long.class)
			.single() > 0;
	}

	/**
	 * A page of the deliveries, newest first.
	 * @param limit how many at most
	 * @param after only deliveries older than this one, or {@code null} from the newest
	 * @param status only deliveries in this state, or {@code null}
	 * @return the deliveries, one more than the limit when more follow
	 */
	List<WebhookDelivery> page(int limit, @Nullable String after, @Nullable String status) {
		StringBuilder where = new StringBuilder(" WHERE 1 = 1");
		List<Object> params = new ArrayList<>();
		if (after != null) {
			where.append(" AND (created_at < (SELECT created_at FROM webhook_deliveries WHERE id = ?) OR "
					+ "(created_at = (SELECT created_at FROM webhook_deliveries WHERE id = ?) AND id < ?))");
			params.add(after);
			params.add(after);
			params.add(after);
		}
		if (status != null) {
			where.append(" AND status = ?");
			params.add(status);
		}
		params.add(limit + 1);
		return this.jdbc
			.sql("SELECT " + COLUMNS + " FROM webhook_deliveries" + where
					+ " ORDER BY created_at DESC, id DESC LIMIT ?")
			.params(params)
			.query(WebhookDeliveryStore::row)
			.list();
	}

	private static WebhookDelivery row(ResultSet rs, int row) throws SQLException {
		int code = rs.getInt("last_status_code");
		Integer lastStatusCode = rs.wasNull() ? null : code;
		String status = rs.getString("status");
		return new WebhookDelivery(rs.getString("id"), WebhookUrls.shown(rs.getString("webhook_url")),
				rs.getString("event"), rs.getLong("snapshot_version"), status, rs.getInt("attempts"), lastStatusCode,
				rs.getString("last_error"), Objects.requireNonNull(SqlTimestamps.instant(rs, "created_at")),
				SqlTimestamps.instant(rs, "last_attempt_at"),
				WebhookDelivery.PENDING.equals(status) ? SqlTimestamps.instant(rs, "next_attempt_at") : null,
				SqlTimestamps.instant(rs, "delivered_at"));
	}

	private static String clip(String error) {
		return (error.length() > ERROR_LENGTH) ? error.substring(0, ERROR_LENGTH) : error;
	}

	/**
	 * A delivery to send.
	 *
	 * @param id its id
	 * @param webhookUrl the receiver, as configured
	 * @param event its event header
	 * @param payload the body
	 * @param attempts the attempts made so far
	 */
	record Due(String id, String webhookUrl, String event, String payload, int attempts) {

	}

}
