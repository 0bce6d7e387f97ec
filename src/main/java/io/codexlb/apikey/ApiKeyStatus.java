package io.codexlb.apikey;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether a key works, as the lists show and filter keys: disabled wins over expired.
 */
public enum ApiKeyStatus {

	ACTIVE, DISABLED, EXPIRED;

	/**
	 * The names the lists take in {@code status}, in order.
	 */
	public static final List<String> WIRE_NAMES = Arrays.stream(values()).map(ApiKeyStatus::wireName).toList();

	public static ApiKeyStatus of(ApiKey key, Instant now) {
		if (!key.active()) {
			return DISABLED;
		}
		Instant expiresAt = key.expiresAt();
		return (expiresAt != null && !now.isBefore(expiresAt)) ? EXPIRED : ACTIVE;
	}

	public static Optional<ApiKeyStatus> parse(String wireName) {
		return Arrays.stream(values()).filter((status) -> status.wireName().equals(wireName)).findFirst();
	}

	public String wireName() {
		return name().toLowerCase(Locale.ROOT);
	}

}
