package io.codexlb.apikey;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import io.codexlb.database.ResultPage;
import io.codexlb.database.SqlTimestamps;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * API keys in the database, found by the SHA-256 hex of the key. Writes of several rows
 * run in the caller's transaction.
 */
@Component
class ApiKeyStore {

	private static final String COLUMNS = "id, name, key_prefix, is_admin, is_active, expires_at, requests_per_minute, "
			+ "requests_per_day, created_at, last_used_at, accounts_bound";

	private final JdbcClient jdbc;

	ApiKeyStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void insert(ApiKey key, String keyHash) {
		KeyRateLimit rateLimit = key.rateLimit();
		this.jdbc
			.sql("INSERT INTO api_keys (id, name, key_hash, key_prefix, is_admin, is_active, expires_at, "
					+ "requests_per_minute, requests_per_day, created_at, updated_at, accounts_bound) "
					+ "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
			.params(key.id(), key.name(), keyHash, key.keyPrefix(), key.admin(), key.active(),
					SqlTimestamps.of(key.expiresAt()), (rateLimit != null) ? rateLimit.requestsPerMinute() : null,
					(rateLimit != null) ? rateLimit.requestsPerDay() : null, SqlTimestamps.of(key.createdAt()),
					SqlTimestamps.of(key.createdAt()), key.accountIds() != null)
			.update();
		insertAllowedModels(key.id(), key.allowedModels());
		insertAccounts(key.id(), key.accountIds());
	}

	Optional<ApiKey> findByHash(String keyHash) {
		return withMembers(this.jdbc.sql("SELECT " + COLUMNS + " FROM api_keys WHERE key_hash = ?")
			.param(keyHash)
			.query(this::row)
			.list()).stream().findFirst();
	}

	Optional<ApiKey> findById(String id) {
		return withMembers(
				this.jdbc.sql("SELECT " + COLUMNS + " FROM api_keys WHERE id = ?").param(id).query(this::row).list())
			.stream()
			.findFirst();
	}

	/**
	 * Locks a key's row until the transaction ends, so that concurrent changes to one key
	 * apply one after the other instead of overwriting each other.
	 * @param id the key
	 */
	void lock(String id) {
		this.jdbc.sql("SELECT id FROM api_keys WHERE id = ? FOR UPDATE").param(id).query(String.class).optional();
	}

	Optional<Instant> createdAt(String id) {
		return this.jdbc.sql("SELECT created_at FROM api_keys WHERE id = ?")
			.param(id)
			.query((rs, row) -> Objects.requireNonNull(SqlTimestamps.instant(rs, "created_at")))
			.optional();
	}

	/**
	 * A page of keys, newest first, then by id: the index on {@code (created_at, id)}
	 * reads it, and a key created while a client pages lands before its first page, so no
	 * key is shown twice or skipped.
	 * @param size how many keys at most
	 * @param after the last key of the page before, or {@code null} from the newest
	 * @param filter which keys
	 * @param now the time that tells expired keys
	 * @return the page
	 */
	ResultPage<ApiKey> page(int size, @Nullable Cursor after, ApiKeyFilter filter, Instant now) {
		StringBuilder where = new StringBuilder(" WHERE 1 = 1");
		List<Object> params = new ArrayList<>();
		if (after != null) {
			// the first term lets both databases read the index as a range
			where.append(" AND created_at <= ? AND (created_at < ? OR id < ?)");
			params.add(SqlTimestamps.of(after.createdAt()));
			params.add(SqlTimestamps.of(after.createdAt()));
			params.add(after.id());
		}
		String text = filter.text();
		if (text != null) {
			where.append(" AND (LOWER(name) LIKE ? ESCAPE '\\' OR key_prefix LIKE ? ESCAPE '\\')");
			params.add("%" + likeEscaped(text.toLowerCase(Locale.ROOT)) + "%");
			params.add(likeEscaped(text) + "%");
		}
		ApiKeyStatus status = filter.status();
		if (status == ApiKeyStatus.ACTIVE) {
			where.append(" AND is_active = TRUE AND (expires_at IS NULL OR expires_at > ?)");
			params.add(SqlTimestamps.of(now));
		}
		else if (status == ApiKeyStatus.DISABLED) {
			where.append(" AND is_active = FALSE");
		}
		else if (status == ApiKeyStatus.EXPIRED) {
			where.append(" AND is_active = TRUE AND expires_at <= ?");
			params.add(SqlTimestamps.of(now));
		}
		params.add(size + 1);
		List<ApiKey> rows = this.jdbc
			.sql("SELECT " + COLUMNS + " FROM api_keys" + where + " ORDER BY created_at DESC, id DESC LIMIT ?")
			.params(params)
			.query(this::row)
			.list();
		return ResultPage.of(withMembers(rows), size);
	}

	/**
	 * How many keys are in each state, in one pass over the table.
	 * @param now the time that tells expired keys
	 * @return the counts, in the order of {@link ApiKeyStatus}
	 */
	Map<ApiKeyStatus, Long> countByStatus(Instant now) {
		return this.jdbc
			.sql("SELECT COUNT(*), SUM(CASE WHEN is_active = FALSE THEN 1 ELSE 0 END), "
					+ "SUM(CASE WHEN is_active = TRUE AND expires_at <= ? THEN 1 ELSE 0 END) FROM api_keys")
			.param(SqlTimestamps.of(now))
			.query((rs, row) -> {
				long disabled = rs.getLong(2);
				long expired = rs.getLong(3);
				Map<ApiKeyStatus, Long> counts = new EnumMap<>(ApiKeyStatus.class);
				counts.put(ApiKeyStatus.ACTIVE, rs.getLong(1) - disabled - expired);
				counts.put(ApiKeyStatus.DISABLED, disabled);
				counts.put(ApiKeyStatus.EXPIRED, expired);
				return counts;
			})
			.single();
	}

	boolean existsByName(String name) {
		return this.jdbc.sql("SELECT COUNT(*) FROM api_keys WHERE name = ?").param(name).query(Long.class).single() > 0;
	}

	// one row read, however many keys are stored: a count would read them all on
	// PostgreSQL
	boolean isEmpty() {
		return this.jdbc.sql("SELECT id FROM api_keys LIMIT 1").query(String.class).optional().isEmpty();
	}

	boolean update(ApiKey key, Instant updatedAt) {
		KeyRateLimit rateLimit = key.rateLimit();
		int updated = this.jdbc
			.sql("UPDATE api_keys SET name = ?, is_active = ?, expires_at = ?, requests_per_minute = ?, "
					+ "requests_per_day = ?, updated_at = ?, accounts_bound = ? WHERE id = ?")
			.params(key.name(), key.active(), SqlTimestamps.of(key.expiresAt()),
					(rateLimit != null) ? rateLimit.requestsPerMinute() : null,
					(rateLimit != null) ? rateLimit.requestsPerDay() : null, SqlTimestamps.of(updatedAt),
					key.accountIds() != null, key.id())
			.update();
		if (updated == 0) {
			return false;
		}
		this.jdbc.sql("DELETE FROM api_key_allowed_models WHERE api_key_id = ?").param(key.id()).update();
		insertAllowedModels(key.id(), key.allowedModels());
		this.jdbc.sql("DELETE FROM api_key_accounts WHERE api_key_id = ?").param(key.id()).update();
		insertAccounts(key.id(), key.accountIds());
		return true;
	}

	boolean updateKey(String id, String keyHash, String keyPrefix, Instant updatedAt) {
		return this.jdbc.sql("UPDATE api_keys SET key_hash = ?, key_prefix = ?, updated_at = ? WHERE id = ?")
			.params(keyHash, keyPrefix, SqlTimestamps.of(updatedAt), id)
			.update() > 0;
	}

	boolean delete(String id) {
		this.jdbc.sql("DELETE FROM api_key_allowed_models WHERE api_key_id = ?").param(id).update();
		this.jdbc.sql("DELETE FROM api_key_accounts WHERE api_key_id = ?").param(id).update();
		return this.jdbc.sql("DELETE FROM api_keys WHERE id = ?").param(id).update() > 0;
	}

	/**
	 * The keys bound to an account, locked until the transaction ends.
	 * @param accountId the account
	 * @return the keys' ids, in order
	 */
	List<String> boundTo(String accountId) {
		return this.jdbc
			.sql("SELECT k.id FROM api_keys k JOIN api_key_accounts a ON a.api_key_id = k.id "
					+ "WHERE a.account_id = ? ORDER BY k.id FOR UPDATE")
			.param(accountId)
			.query(String.class)
			.list();
	}

	/**
	 * Tells every replica that keys changed: they poll this counter.
	 */
	void bumpChangeVersion() {
		this.jdbc.sql("UPDATE change_versions SET version = version + 1 WHERE name = 'api_keys'").update();
	}

	long changeVersion() {
		return this.jdbc.sql("SELECT version FROM change_versions WHERE name = 'api_keys'").query(Long.class).single();
	}

	void recordLastUsed(Map<String, Instant> lastUsed) {
		lastUsed.forEach((id, usedAt) -> this.jdbc
			.sql("UPDATE api_keys SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)")
			.params(SqlTimestamps.of(usedAt), id, SqlTimestamps.of(usedAt))
			.update());
	}

	private void insertAllowedModels(String id, Collection<String> models) {
		for (String model : models) {
			this.jdbc.sql("INSERT INTO api_key_allowed_models (api_key_id, model_id) VALUES (?, ?)")
				.params(id, model)
				.update();
		}
	}

	private void insertAccounts(String id, @Nullable Collection<String> accountIds) {
		if (accountIds == null) {
			return;
		}
		for (String accountId : accountIds) {
			this.jdbc.sql("INSERT INTO api_key_accounts (api_key_id, account_id) VALUES (?, ?)")
				.params(id, accountId)
				.update();
		}
	}

	// a key's row says whether it is bound; its allowed models and accounts are rows of
	// their own tables
	private List<ApiKey> withMembers(List<ApiKey> keys) {
		if (keys.isEmpty()) {
			return keys;
		}
		Map<String, Set<String>> models = members("api_key_allowed_models", "model_id", keys);
		Map<String, Set<String>> accounts = members("api_key_accounts", "account_id", keys);
		List<ApiKey> complete = new ArrayList<>(keys.size());
		for (ApiKey key : keys) {
			Set<String> allowed = models.get(key.id());
			Set<String> bound = accounts.get(key.id());
			complete.add(new ApiKey(key.id(), key.name(), key.keyPrefix(),
					(allowed != null) ? Collections.unmodifiableSet(allowed) : Set.of(),
					(key.accountIds() == null) ? null : (bound != null) ? Collections.unmodifiableSet(bound) : Set.of(),
					key.expiresAt(), key.active(), key.admin(), key.rateLimit(), key.createdAt(), key.lastUsedAt()));
		}
		return complete;
	}

	private Map<String, Set<String>> members(String table, String column, List<ApiKey> keys) {
		Map<String, Set<String>> members = new HashMap<>();
		this.jdbc.sql("SELECT api_key_id, " + column + " FROM " + table + " WHERE api_key_id IN (:ids)")
			.param("ids", keys.stream().map(ApiKey::id).toList())
			.query((rs) -> {
				members.computeIfAbsent(rs.getString(1), (key) -> new TreeSet<>()).add(rs.getString(2));
			});
		return members;
	}

	private static String likeEscaped(String text) {
		return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
	}

	private ApiKey row(ResultSet rs, int rowNum) throws SQLException {
		int perMinute = rs.getInt("requests_per_minute");
		KeyRateLimit rateLimit = null;
		if (!rs.wasNull()) {
			int perDay = rs.getInt("requests_per_day");
			rateLimit = new KeyRateLimit(perMinute, rs.wasNull() ? null : perDay);
		}
		// the bound accounts are read with the allowed models
		return new ApiKey(rs.getString("id"), rs.getString("name"), rs.getString("key_prefix"), Set.of(),
				rs.getBoolean("accounts_bound") ? Set.of() : null, SqlTimestamps.instant(rs, "expires_at"),
				rs.getBoolean("is_active"), rs.getBoolean("is_admin"), rateLimit,
				Objects.requireNonNull(SqlTimestamps.instant(rs, "created_at")),
				SqlTimestamps.instant(rs, "last_used_at"));
	}

	/**
	 * Where a page ends: its last key.
	 *
	 * @param id the key's id
	 * @param createdAt when it was created
	 */
	record Cursor(String id, Instant createdAt) {

	}

}
