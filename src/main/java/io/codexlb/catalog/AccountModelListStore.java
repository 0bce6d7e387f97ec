package io.codexlb.catalog;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.codexlb.database.SqlTimestamps;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Each account's last good model list and the outcome of its last fetch.
 */
@Component
class AccountModelListStore {

	private final JdbcClient jdbc;

	AccountModelListStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Stores an account's new good list.
	 * @param accountId the account
	 * @param models the list, as JSON
	 * @param modelCount its usable entries
	 * @param at when it was fetched
	 * @return whether it was stored: not when the account is gone
	 */
	boolean recordSuccess(String accountId, String models, int modelCount, Instant at) {
		int updated = this.jdbc
			.sql("UPDATE account_model_lists SET models = ?, model_count = ?, fetched_at = ?, last_attempt_at = ?, "
					+ "last_error = NULL WHERE account_id = ?")
			.params(models, modelCount, SqlTimestamps.of(at), SqlTimestamps.of(at), accountId)
			.update();
		if (updated == 0) {
			updated = this.jdbc
				.sql("INSERT INTO account_model_lists (account_id, models, model_count, fetched_at, last_attempt_at) "
						+ "SELECT id, ?, ?, ?, ? FROM accounts WHERE id = ?")
				.params(models, modelCount, SqlTimestamps.of(at), SqlTimestamps.of(at), accountId)
				.update();
		}
		return updated > 0;
	}

	/**
	 * An account's last good list.
	 * @param accountId the account
	 * @return the list as JSON, {@code null} before its first good answer
	 */
	@Nullable String models(String accountId) {
		return this.jdbc.sql("SELECT models FROM account_model_lists WHERE account_id = ?")
			.param(accountId)
			.query(String.class)
			.optional()
			.orElse(null);
	}

	void recordFailure(String accountId, String reason, Instant at) {
		String error = (reason.length() > 500) ? reason.substring(0, 500) : reason;
		int updated = this.jdbc
			.sql("UPDATE account_model_lists SET last_attempt_at = ?, last_error = ? WHERE account_id = ?")
			.params(SqlTimestamps.of(at), error, accountId)
			.update();
		if (updated == 0) {
			this.jdbc
				.sql("INSERT INTO account_model_lists (account_id, last_attempt_at, last_error) "
						+ "SELECT id, ?, ? FROM accounts WHERE id = ?")
				.params(SqlTimestamps.of(at), error, accountId)
				.update();
		}
	}

	List<AccountModelList> all() {
		return this.jdbc
			.sql("SELECT account_id, models, model_count, fetched_at, last_attempt_at, last_error "
					+ "FROM account_model_lists")
			.query(AccountModelListStore::row)
			.list();
	}

	/**
	 * Each account's list, by account id.
	 * @return the lists
	 */
	Map<String, AccountModelList> byAccount() {
		Map<String, AccountModelList> lists = new LinkedHashMap<>();
		all().forEach((list) -> lists.put(list.accountId(), list));
		return lists;
	}

	/**
	 * Each account's last fetch, by account id, without the lists themselves: a list can
	 * be hundreds of kilobytes, and the account gauges read this every few seconds.
	 * @return the lists, their {@code models} left out ({@code null})
	 */
	Map<String, AccountModelList> fetchesByAccount() {
		Map<String, AccountModelList> lists = new LinkedHashMap<>();
		this.jdbc
			.sql("SELECT account_id, model_count, fetched_at, last_attempt_at, last_error FROM account_model_lists")
			.query((rs, rowNum) -> new AccountModelList(rs.getString("account_id"), null, rs.getInt("model_count"),
					SqlTimestamps.instant(rs, "fetched_at"), SqlTimestamps.instant(rs, "last_attempt_at"),
					rs.getString("last_error")))
			.list()
			.forEach((list) -> lists.put(list.accountId(), list));
		return lists;
	}

	private static AccountModelList row(ResultSet rs, int rowNum) throws SQLException {
		int count = rs.getInt("model_count");
		return new AccountModelList(rs.getString("account_id"), rs.getString("models"), rs.wasNull() ? 0 : count,
				SqlTimestamps.instant(rs, "fetched_at"), SqlTimestamps.instant(rs, "last_attempt_at"),
				rs.getString("last_error"));
	}

	/**
	 * What is known of one account's list.
	 *
	 * @param accountId the account
	 * @param models the last good {@code models} array as JSON, {@code null} before the
	 * first good answer
	 * @param modelCount how many usable entries it has
	 * @param fetchedAt when it was fetched
	 * @param lastAttemptAt when the last fetch was tried
	 * @param lastError why the last fetch failed, {@code null} if it succeeded
	 */
	record AccountModelList(String accountId, @Nullable String models, int modelCount, @Nullable Instant fetchedAt,
			@Nullable Instant lastAttemptAt, @Nullable String lastError) {

		/**
		 * Whether the last good list is newer than a time: the maximum age's test.
		 * @param oldest the oldest time a usable list may have been fetched at
		 * @return {@code false} before the first good list
		 */
		boolean fetchedAfter(Instant oldest) {
			return this.fetchedAt != null && this.fetchedAt.isAfter(oldest);
		}

	}

}
