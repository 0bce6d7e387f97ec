package io.codexlb.account;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import io.codexlb.database.ResultPage;
import io.codexlb.database.SqlTimestamps;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Accounts in the database, their tokens encrypted with {@link TokenCipher}.
 */
@Component
class AccountStore {

	private static final String COLUMNS = "id, name, chatgpt_account_id, chatgpt_user_id, email, plan_type, enabled, "
			+ "status, status_reason, access_token_expires_at, tokens_refreshed_at, created_at";

	private final JdbcClient jdbc;

	private final TokenCipher cipher;

	AccountStore(JdbcClient jdbc, TokenCipher cipher) {
		this.jdbc = jdbc;
		this.cipher = cipher;
	}

	void insert(Account account, AccountTokens tokens) {
		this.jdbc.sql("INSERT INTO accounts (id, name, chatgpt_account_id, chatgpt_user_id, email, plan_type, enabled, "
				+ "status, status_reason, access_token, refresh_token, id_token, access_token_expires_at, "
				+ "tokens_refreshed_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
			.params(account.id(), account.name(), account.chatgptAccountId(), account.chatgptUserId(), account.email(),
					account.planType(), account.enabled(), account.status().wireName(), account.statusReason(),
					encrypt(account.id(), "access_token", tokens.accessToken()),
					encrypt(account.id(), "refresh_token", tokens.refreshToken()),
					encrypt(account.id(), "id_token", tokens.idToken()),
					SqlTimestamps.of(account.accessTokenExpiresAt()), SqlTimestamps.of(account.tokensRefreshedAt()),
					SqlTimestamps.of(account.createdAt()), SqlTimestamps.of(account.createdAt()))
			.update();
	}

	Optional<Account> find(String id) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM accounts WHERE id = ?").param(id).query(this::row).optional();
	}

	Optional<Account> findByLogin(String chatgptAccountId, String chatgptUserId) {
		return this.jdbc
			.sql("SELECT " + COLUMNS + " FROM accounts WHERE chatgpt_account_id = ? AND chatgpt_user_id = ?")
			.params(chatgptAccountId, chatgptUserId)
			.query(this::row)
			.optional();
	}

	void lock(String id) {
		this.jdbc.sql("SELECT id FROM accounts WHERE id = ? FOR UPDATE").param(id).query(String.class).optional();
	}

	Optional<Instant> createdAt(String id) {
		return this.jdbc.sql("SELECT created_at FROM accounts WHERE id = ?")
			.param(id)
			.query((rs, row) -> Objects.requireNonNull(SqlTimestamps.instant(rs, "created_at")))
			.optional();
	}

	/**
	 * A page of accounts, newest first, then by id, read from the index on
	 * {@code (created_at, id)}.
	 * @param size how many accounts at most
	 * @param afterId the last account of the page before, or {@code null} from the newest
	 * @param afterCreatedAt when that account was added
	 * @return the page
	 */
	ResultPage<Account> page(int size, @Nullable String afterId, @Nullable Instant afterCreatedAt) {
		String where = "";
		List<Object> params = new ArrayList<>();
		if (afterId != null && afterCreatedAt != null) {
			// the first term lets both databases read the index as a range
			where = " WHERE created_at <= ? AND (created_at < ? OR id < ?)";
			params.add(SqlTimestamps.of(afterCreatedAt));
			params.add(SqlTimestamps.of(afterCreatedAt));
			params.add(afterId);
		}
		params.add(size + 1);
		return ResultPage.of(this.jdbc
			.sql("SELECT " + COLUMNS + " FROM accounts" + where + " ORDER BY created_at DESC, id DESC LIMIT ?")
			.params(params)
			.query(this::row)
			.list(), size);
	}

	List<Account> findAll() {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM accounts ORDER BY created_at, id").query(this::row).list();
	}

	boolean nameTaken(String name) {
		return this.jdbc.sql("SELECT COUNT(*) FROM accounts WHERE name = ?").param(name).query(Long.class).single() > 0;
	}

	AccountTokens tokens(String id) {
		return this.jdbc.sql("SELECT access_token, refresh_token, id_token FROM accounts WHERE id = ?")
			.param(id)
			.query((rs, rowNum) -> new AccountTokens(
					Objects.requireNonNull(decrypt(id, "access_token", rs.getString(1))),
					Objects.requireNonNull(decrypt(id, "refresh_token", rs.getString(2))),
					decrypt(id, "id_token", rs.getString(3))))
			.single();
	}

	/**
	 * Replaces all tokens of an account in one statement, so that a rotated refresh token
	 * is never lost or half-written, and makes the account active again.
	 * @param account the account, with its new token metadata
	 * @param tokens the new tokens
	 * @param updatedAt now
	 * @return whether the account still exists
	 */
	boolean replaceTokens(Account account, AccountTokens tokens, Instant updatedAt) {
		return this.jdbc
			.sql("UPDATE accounts SET access_token = ?, refresh_token = ?, id_token = ?, "
					+ "access_token_expires_at = ?, tokens_refreshed_at = ?, email = ?, plan_type = ?, status = ?, "
					+ "status_reason = NULL, updated_at = ? WHERE id = ?")
			.params(encrypt(account.id(), "access_token", tokens.accessToken()),
					encrypt(account.id(), "refresh_token", tokens.refreshToken()),
					encrypt(account.id(), "id_token", tokens.idToken()),
					SqlTimestamps.of(account.accessTokenExpiresAt()), SqlTimestamps.of(account.tokensRefreshedAt()),
					account.email(), account.planType(), AccountStatus.ACTIVE.wireName(), SqlTimestamps.of(updatedAt),
					account.id())
			.update() > 0;
	}

	boolean update(String id, String name, boolean enabled, Instant updatedAt) {
		return this.jdbc.sql("UPDATE accounts SET name = ?, enabled = ?, updated_at = ? WHERE id = ?")
			.params(name, enabled, SqlTimestamps.of(updatedAt), id)
			.update() > 0;
	}

	void markReauthRequired(String id, String reason, Instant updatedAt) {
		this.jdbc.sql("UPDATE accounts SET status = ?, status_reason = ?, updated_at = ? WHERE id = ?")
			.params(AccountStatus.REAUTH_REQUIRED.wireName(), reason, SqlTimestamps.of(updatedAt), id)
			.update();
	}

	boolean delete(String id) {
		return this.jdbc.sql("DELETE FROM accounts WHERE id = ?").param(id).update() > 0;
	}

	private @Nullable String encrypt(String id, String field, @Nullable String value) {
		return (value != null) ? this.cipher.encrypt(value, context(id, field)) : null;
	}

	private @Nullable String decrypt(String id, String field, @Nullable String value) {
		return (value != null) ? this.cipher.decrypt(value, context(id, field)) : null;
	}

	private static String context(String id, String field) {
		return "accounts:" + id + ":" + field;
	}

	private Account row(ResultSet rs, int rowNum) throws SQLException {
		return new Account(rs.getString("id"), rs.getString("name"), rs.getString("chatgpt_account_id"),
				rs.getString("chatgpt_user_id"), rs.getString("email"), rs.getString("plan_type"),
				rs.getBoolean("enabled"), AccountStatus.fromWireName(rs.getString("status")),
				rs.getString("status_reason"), SqlTimestamps.instant(rs, "access_token_expires_at"),
				SqlTimestamps.instant(rs, "tokens_refreshed_at"),
				Objects.requireNonNull(SqlTimestamps.instant(rs, "created_at")));
	}

}
