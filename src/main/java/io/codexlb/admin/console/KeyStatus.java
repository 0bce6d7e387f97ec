package io.codexlb.admin.console;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.codexlb.apikey.ApiKey;
import org.jspecify.annotations.Nullable;

/**
 * Whether a key works, as the console lists and filters keys: disabled wins over expired.
 */
enum KeyStatus {

	ACTIVE, DISABLED, EXPIRED;

	static KeyStatus of(ApiKey key, Instant now) {
		if (!key.active()) {
			return DISABLED;
		}
		Instant expiresAt = key.expiresAt();
		return (expiresAt != null && !now.isBefore(expiresAt)) ? EXPIRED : ACTIVE;
	}

	static @Nullable KeyStatus parse(@Nullable String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		for (KeyStatus status : values()) {
			if (status.wireName().equals(value)) {
				return status;
			}
		}
		return null;
	}

	static Map<String, Long> counts(List<ApiKey> keys, Instant now) {
		Map<String, Long> counts = new LinkedHashMap<>();
		for (KeyStatus status : values()) {
			counts.put(status.wireName(), 0L);
		}
		keys.forEach((key) -> counts.merge(of(key, now).wireName(), 1L, Long::sum));
		return counts;
	}

	public String wireName() {
		return name().toLowerCase(Locale.ROOT);
	}

}
