package io.codexlb.admin;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.Set;

import io.codexlb.apikey.ApiKeyChanges;
import io.codexlb.apikey.KeyRateLimit;
import io.codexlb.apikey.NewApiKey;
import io.codexlb.error.ApiError;
import io.codexlb.error.ApiException;
import io.codexlb.database.SqlTimestamps;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Reads and validates the JSON bodies of the API key admin routes. Every problem is a 400
 * whose {@code param} names the field; nothing is stored unless the whole body is valid.
 */
final class ApiKeyRequests {

	static final int MAX_ALLOWED_MODELS = 1000;

	static final int MAX_MODEL_ID_LENGTH = 200;

	static final int MAX_REQUESTS_PER_MINUTE = 1_000_000;

	static final int MAX_REQUESTS_PER_DAY = 1_000_000_000;

	private static final Set<String> CREATE_FIELDS = Set.of("name", "allowed_models", "expires_at", "rate_limit",
			"admin");

	private static final Set<String> PATCH_FIELDS = Set.of("name", "allowed_models", "expires_at", "is_active",
			"rate_limit");

	private static final Set<String> RATE_LIMIT_FIELDS = Set.of("requests_per_minute", "requests_per_day");

	private ApiKeyRequests() {
	}

	static NewApiKey create(JsonNode body, Instant now) {
		RequestFields.requireObject(body, null, CREATE_FIELDS);
		JsonNode name = body.get("name");
		if (name == null || name.isNull()) {
			throw invalid("name", "missing_required_parameter", "Missing required parameter: 'name'.");
		}
		JsonNode admin = body.get("admin");
		boolean isAdmin = false;
		if (admin != null && !admin.isNull()) {
			isAdmin = RequestFields.bool(admin, "admin");
		}
		return new NewApiKey(RequestFields.name(name), allowedModels(body.get("allowed_models")),
				expiresAt(body.get("expires_at"), now), rateLimit(body.get("rate_limit")), isAdmin);
	}

	static ApiKeyChanges patch(JsonNode body, Instant now) {
		if (body.isObject() && body.has("admin")) {
			throw invalid("admin", "'admin' cannot be changed; create a new key instead.");
		}
		RequestFields.requireObject(body, null, PATCH_FIELDS);
		JsonNode name = body.get("name");
		if (name != null && name.isNull()) {
			throw invalid("name", "'name' must not be null.");
		}
		JsonNode active = body.get("is_active");
		if (active != null && active.isNull()) {
			throw invalid("is_active", "'is_active' must be true or false.");
		}
		return new ApiKeyChanges((name != null) ? RequestFields.name(name) : null,
				body.has("allowed_models") ? allowedModels(body.get("allowed_models")) : null, body.has("expires_at"),
				expiresAt(body.get("expires_at"), now),
				(active != null) ? RequestFields.bool(active, "is_active") : null, body.has("rate_limit"),
				rateLimit(body.get("rate_limit")));
	}

	private static Set<String> allowedModels(@Nullable JsonNode node) {
		if (node == null || node.isNull()) {
			return Set.of();
		}
		if (!node.isArray()) {
			throw invalid("allowed_models", "invalid_type",
					"Invalid type for 'allowed_models': expected an array of model ids or null.");
		}
		if (node.size() > MAX_ALLOWED_MODELS) {
			throw invalid("allowed_models", "'allowed_models' may list at most " + MAX_ALLOWED_MODELS + " models.");
		}
		Set<String> models = new LinkedHashSet<>();
		for (JsonNode model : node) {
			if (!model.isString()) {
				throw invalid("allowed_models", "invalid_type",
						"Invalid type in 'allowed_models': expected model id strings.");
			}
			String id = model.stringValue();
			if (id.isEmpty() || id.length() > MAX_MODEL_ID_LENGTH
					|| id.codePoints().anyMatch((c) -> Character.isWhitespace(c) || Character.isISOControl(c))) {
				throw invalid("allowed_models", "Invalid model id in 'allowed_models': ids are 1 to "
						+ MAX_MODEL_ID_LENGTH + " characters without spaces.");
			}
			models.add(id);
		}
		return Set.copyOf(models);
	}

	private static @Nullable Instant expiresAt(@Nullable JsonNode node, Instant now) {
		if (node == null || node.isNull()) {
			return null;
		}
		Instant expiresAt;
		if (node.isString()) {
			try {
				expiresAt = OffsetDateTime.parse(node.stringValue()).toInstant();
				if (expiresAt.isAfter(SqlTimestamps.LATEST)) {
					throw invalid("expires_at", "Invalid 'expires_at': a date after the year 9999.");
				}
			}
			catch (DateTimeParseException ex) {
				throw invalid("expires_at",
						"Invalid 'expires_at': expected an ISO-8601 date-time with an offset, such as 2030-01-31T00:00:00Z.");
			}
		}
		else if (node.isIntegralNumber() && node.canConvertToLong()) {
			long epochSeconds = node.longValue();
			if (epochSeconds < 0 || epochSeconds > SqlTimestamps.LATEST.getEpochSecond()) {
				throw invalid("expires_at", "Invalid 'expires_at': epoch seconds out of range.");
			}
			expiresAt = Instant.ofEpochSecond(epochSeconds);
		}
		else {
			throw invalid("expires_at", "invalid_type",
					"Invalid type for 'expires_at': expected an ISO-8601 date-time, epoch seconds or null.");
		}
		expiresAt = expiresAt.truncatedTo(ChronoUnit.SECONDS);
		if (!expiresAt.isAfter(now)) {
			throw invalid("expires_at", "'expires_at' must be in the future.");
		}
		return expiresAt;
	}

	private static @Nullable KeyRateLimit rateLimit(@Nullable JsonNode node) {
		if (node == null || node.isNull()) {
			return null;
		}
		RequestFields.requireObject(node, "rate_limit", RATE_LIMIT_FIELDS);
		JsonNode perMinute = node.get("requests_per_minute");
		if (perMinute == null || perMinute.isNull()) {
			throw invalid("rate_limit.requests_per_minute", "missing_required_parameter",
					"Missing required parameter: 'rate_limit.requests_per_minute'.");
		}
		JsonNode perDay = node.get("requests_per_day");
		return new KeyRateLimit(positive(perMinute, "rate_limit.requests_per_minute", MAX_REQUESTS_PER_MINUTE),
				(perDay == null || perDay.isNull()) ? null
						: positive(perDay, "rate_limit.requests_per_day", MAX_REQUESTS_PER_DAY));
	}

	private static int positive(JsonNode node, String param, int max) {
		if (!node.isIntegralNumber()) {
			throw invalid(param, "invalid_type", "Invalid type for '" + param + "': expected an integer.");
		}
		if (!node.canConvertToInt() || node.intValue() < 1 || node.intValue() > max) {
			throw invalid(param, "'" + param + "' must be between 1 and " + max + ".");
		}
		return node.intValue();
	}

	private static ApiException invalid(@Nullable String param, String message) {
		return invalid(param, "invalid_value", message);
	}

	private static ApiException invalid(@Nullable String param, String code, String message) {
		return ApiError.invalidRequest(param, code, message).exception();
	}

}
