package io.codexlb.apikey;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import io.codexlb.database.SqlTimestamps;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * API keys in the database, found by the SHA-256 hex of the key. Writes of several rows
 * run in the caller's transaction.
 */
@Component
class ApiKeyStore {

	private static final String COLUMNS = "id, name, key_prefix, is_admin, is_active, expires_at, requests_per_minute, "
			+ "requests_per_day, created_at, last_used_at";

	private final JdbcClient jdbc;

	ApiKeyStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void insert(ApiKey key, String keyHash) {
		KeyRateLimit rateLimit = key.rateLimit();
		this.jdbc.sql("INSERT INTO api_keys (id, name, key_hash, key_prefix, is_admin, is_active, expires_at, "
				+ "requests_per_minute, requests_per_day, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
			.params(key.id(), key.name(), keyHash, key.keyPrefix(), key.admin(), key.active(),
					SqlTimestamps.of(key.expiresAt()), (rateLimit != null) ? rateLimit.requestsPerMinute() : null,
					(rateLimit != null) ? rateLimit.requestsPerDay() : null, SqlTimestamps.of(key.createdAt()),
					SqlTimestamps.of(key.createdAt()))
			.update();
		insertAllowedModels(key.id(), key.allowedModels());
	}

	Optional<ApiKey> findByHash(String keyHash) {
		return withAllowedModels(this.jdbc.sql("SELECT " + COLUMNS + " FROM api_keys WHERE key_hash = ?")
			.param(keyHash)
			.query(this::row)
			.list()).stream().findFirst();
	}

	Optional<ApiKey> findById(String id) {
		return withAllowedModels(
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

	List<ApiKey> findAll() {
		return withAllowedModels(
				this.jdbc.sql("SELECT " + COLUMNS + " FROM api_keys ORDER BY created_at, id").query(this::row).list());
	}

	boolean existsByName(String name) {
		return this.jdbc.sql("SELECT COUNT(*) FROM api_keys WHERE name = ?").param(name).query(Long.class).single() > 0;
	}

	long count() {
		return this.jdbc.sql("SELECT COUNT(*) FROM api_keys").query(Long.class).single();
	}

	boolean update(ApiKey key, Instant updatedAt) {
		KeyRateLimit rateLimit = key.rateLimit();
		int updated = this.jdbc
			.sql("UPDATE api_keys SET name = ?, is_active = ?, expires_at = ?, requests_per_minute = ?, "
					+ "requests_per_day = ?, updated_at = ? WHERE id = ?")
			.params(key.name(), key.active(), SqlTimestamps.of(key.expiresAt()),
					(rateLimit != null) ? rateLimit.requestsPerMinute() : null,
					(rateLimit != null) ? rateLimit.requestsPerDay() : null, SqlTimestamps.of(updatedAt), key.id())
			.update();
		if (updated == 0) {
			return false;
		}
		this.jdbc.sql("DELETE FROM api_key_allowed_models WHERE api_key_id = ?").param(key.id()).update();
		insertAllowedModels(key.id(), key.allowedModels());
		return true;
	}

	boolean updateKey(String id, String keyHash, String keyPrefix, Instant updatedAt) {
		return this.jdbc.sql("UPDATE api_keys SET key_hash = ?, key_prefix = ?, updated_at = ? WHERE id = ?")
			.params(keyHash, keyPrefix, SqlTimestamps.of(updatedAt), id)
			.update() > 0;
	}

	boolean delete(String id) {
		this.jdbc.sql("DELETE FROM api_key_allowed_models WHERE api_key_id = ?").param(id).update();
		return this.jdbc.sql("DELETE FROM api_keys WHERE id = ?").param(id).update() > 0;
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

	private List<ApiKey> withAllowedModels(List<ApiKey> keys) {
		if (keys.isEmpty()) {
			return keys;
		}
		Map<String, Set<String>> models = new HashMap<>();
		if (keys.size() == 1) {
			String id = keys.get(0).id();
			this.jdbc.sql("SELECT api_key_id, model_id FROM api_key_allowed_models WHERE api_key_id = ?")
				.param(id)
				.query((rs) -> {
					models.computeIfAbsent(rs.getString(1), (key) -> new TreeSet<>()).add(rs.getString(2));
				});
		}
		else {
			this.jdbc.sql("SELECT api_key_id, model_id FROM api_key_allowed_models").query((rs) -> {
				models.computeIfAbsent(rs.getString(1), (key) -> new TreeSet<>()).add(rs.getString(2));
			});
		}
		List<ApiKey> complete = new ArrayList<>(keys.size());
		for (ApiKey key : keys) {
			Set<String> allowed = models.get(key.id());
			complete.add(new ApiKey(key.id(), key.name(), key.keyPrefix(),
					(allowed != null) ? Collections.unmodifiableSet(allowed) : Set.of(), key.expiresAt(), key.active(),
					key.admin(), key.rateLimit(), key.createdAt(), key.lastUsedAt()));
		}
		return complete;
	}

	private ApiKey row(ResultSet rs, int rowNum) throws SQLException {
		int perMinute = rs.getInt("requests_per_minute");
		KeyRateLimit rateLimit = null;
		if (!rs.wasNull()) {
			int perDay = rs.getInt("requests_per_day");
			rateLimit = new KeyRateLimit(perMinute, rs.wasNull() ? null : perDay);
		}
		return new ApiKey(rs.getString("id"), rs.getString("name"), rs.getString("key_prefix"), Set.of(),
				SqlTimestamps.instant(rs, "expires_at"), rs.getBoolean("is_active"), rs.getBoolean("is_admin"),
				rateLimit, Objects.requireNonNull(SqlTimestamps.instant(rs, "created_at")),
				SqlTimestamps.instant(rs, "last_used_at"));
	}

}
