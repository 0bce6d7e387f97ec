package io.codexlb.usage;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.codexlb.database.SqlTimestamps;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.ParameterizedPreparedStatementSetter;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The hourly counts in the database. Counts are only ever added to a row, in one
 * transaction per flush, so that any number of replicas can write the same key and hour
 * and the sums stay exact.
 */
@Component
class UsageStore {

	// a replica that inserted the same (key, hour) row first makes the insert fail; the
	// whole flush is then rolled back and done again, and finds the row to add to
	static final int ATTEMPTS = 3;

	private static final String COUNTS = "SUM(ok), SUM(not_modified), SUM(not_found), SUM(rate_limited), SUM(unavailable)";

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	UsageStore(JdbcTemplate jdbc, PlatformTransactionManager transactionManager) {
		this.jdbc = jdbc;
		this.transactions = new TransactionTemplate(transactionManager);
	}

	/**
	 * Adds counts to the hourly rows, all or none.
	 * @param batch the counts to add
	 * @throws org.springframework.dao.DataAccessException when the database did not take
	 * them
	 */
	void add(List<UsageIncrement> batch) {
		// the same order on every replica, so that two flushes never wait for each other
		// in a circle
		List<UsageIncrement> sorted = batch.stream()
			.sorted(Comparator.comparing(UsageIncrement::keyId).thenComparing(UsageIncrement::hourStart))
			.toList();
		for (int attempt = 1;; attempt++) {
			try {
				this.transactions.executeWithoutResult((status) -> addInTransaction(sorted));
				return;
			}
			catch (DuplicateKeyException ex) {
				if (attempt == ATTEMPTS) {
					throw ex;
				}
			}
		}
	}

	private void addInTransaction(List<UsageIncrement> batch) {
		int[] updated = this.jdbc.batchUpdate(
				"UPDATE usage_hourly SET ok = ok + ?, not_modified = not_modified + ?, not_found = not_found + ?, "
						+ "rate_limited = rate_limited + ?, unavailable = unavailable + ? "
						+ "WHERE key_id = ? AND hour_start = ?",
				rows(batch, (statement, increment) -> {
					setCounts(statement, 1, increment.counts());
					statement.setString(6, increment.keyId());
					statement.setObject(7, SqlTimestamps.of(increment.hourStart()));
				}));
		List<UsageIncrement> missing = new ArrayList<>();
		for (int i = 0; i < batch.size(); i++) {
			if (updated[i] == 0) {
				missing.add(batch.get(i));
			}
		}
		if (missing.isEmpty()) {
			return;
		}
		this.jdbc.batchUpdate(
				"INSERT INTO usage_hourly (key_id, hour_start, ok, not_modified, not_found, rate_limited, unavailable) "
						+ "VALUES (?, ?, ?, ?, ?, ?, ?)",
				rows(missing, (statement, increment) -> {
					statement.setString(1, increment.keyId());
					statement.setObject(2, SqlTimestamps.of(increment.hourStart()));
					setCounts(statement, 3, increment.counts());
				}));
	}

	/**
	 * The counts per hour in a range, of one key or of all.
	 * @param keyId the key, or {@code null} for the whole instance
	 * @param from the first hour
	 * @param to the end of the range, exclusive
	 * @return the hours that have counts
	 */
	List<HourCount> hours(@Nullable String keyId, Instant from, Instant to) {
		String where = "hour_start >= ? AND hour_start < ?" + ((keyId != null) ? " AND key_id = ?" : "");
		Object[] params = (keyId != null) ? new Object[] { SqlTimestamps.of(from), SqlTimestamps.of(to), keyId }
				: new Object[] { SqlTimestamps.of(from), SqlTimestamps.of(to) };
		return this.jdbc.query("SELECT hour_start, " + COUNTS + " FROM usage_hourly WHERE " + where
				+ " GROUP BY hour_start ORDER BY hour_start", (rs, row) -> {
					return new HourCount(Objects.requireNonNull(SqlTimestamps.instant(rs, "hour_start")),
							counts(rs, 2));
				}, params);
	}

	/**
	 * The keys with the most requests in a range.
	 * @param from the first hour
	 * @param to the end of the range, exclusive
	 * @param limit how many keys
	 * @return the keys, most requests first
	 */
	List<KeyUsage> topKeys(Instant from, Instant to, int limit) {
		return this.jdbc.query(
				"SELECT key_id, " + COUNTS
						+ ", SUM(ok + not_modified + not_found + rate_limited + unavailable) AS requests "
						+ "FROM usage_hourly WHERE hour_start >= ? AND hour_start < ? "
						+ "GROUP BY key_id ORDER BY requests DESC, key_id LIMIT ?",
				(rs, row) -> new KeyUsage(rs.getString(1), counts(rs, 2)), SqlTimestamps.of(from), SqlTimestamps.of(to),
				limit);
	}

	/**
	 * The requests of some keys in a range, read from the primary key.
	 * @param from the first hour
	 * @param to the end, excluded
	 * @param keyIds the keys
	 * @return the requests per key; a key without any is left out
	 */
	Map<String, Long> requests(Instant from, Instant to, List<String> keyIds) {
		Map<String, Long> requests = new HashMap<>();
		if (keyIds.isEmpty()) {
			return requests;
		}
		String marks = String.join(", ", Collections.nCopies(keyIds.size(), "?"));
		List<Object> params = new ArrayList<>(keyIds);
		params.add(SqlTimestamps.of(from));
		params.add(SqlTimestamps.of(to));
		this.jdbc.query(
				"SELECT key_id, SUM(ok + not_modified + not_found + rate_limited + unavailable) FROM usage_hourly "
						+ "WHERE key_id IN (" + marks + ") AND hour_start >= ? AND hour_start < ? GROUP BY key_id",
				(rs) -> {
					requests.put(rs.getString(1), rs.getLong(2));
				}, params.toArray());
		return requests;
	}

	/**
	 * Removes the hours before a time.
	 * @param before the first hour kept
	 * @return how many rows were removed
	 */
	int pruneBefore(Instant before) {
		return this.jdbc.update("DELETE FROM usage_hourly WHERE hour_start < ?", SqlTimestamps.of(before));
	}

	private static BatchPreparedStatementSetter rows(List<UsageIncrement> batch,
			ParameterizedPreparedStatementSetter<UsageIncrement> setter) {
		return new BatchPreparedStatementSetter() {

			@Override
			public void setValues(PreparedStatement statement, int i) throws SQLException {
				setter.setValues(statement, batch.get(i));
			}

			@Override
			public int getBatchSize() {
				return batch.size();
			}

		};
	}

	private static void setCounts(PreparedStatement statement, int first, UsageCounts counts) throws SQLException {
		statement.setLong(first, counts.ok());
		statement.setLong(first + 1, counts.notModified());
		statement.setLong(first + 2, counts.notFound());
		statement.setLong(first + 3, counts.rateLimited());
		statement.setLong(first + 4, counts.unavailable());
	}

	private static UsageCounts counts(ResultSet rs, int first) throws SQLException {
		return new UsageCounts(rs.getLong(first), rs.getLong(first + 1), rs.getLong(first + 2), rs.getLong(first + 3),
				rs.getLong(first + 4));
	}

	/**
	 * The requests of an hour.
	 *
	 * @param hourStart the hour
	 * @param counts the requests by outcome
	 */
	record HourCount(Instant hourStart, UsageCounts counts) {

	}

}
