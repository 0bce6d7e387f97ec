package io.codexlb.admin;

import java.util.Map;
import java.util.Set;

import io.codexlb.error.ApiError;
import io.codexlb.error.ApiException;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Validation shared by the admin request bodies: every problem is a 400 whose
 * {@code param} names the field.
 */
final class RequestFields {

	static final int MAX_NAME_LENGTH = 100;

	private RequestFields() {
	}

	static void requireObject(JsonNode node, @Nullable String parent, Set<String> fields) {
		if (!node.isObject()) {
			throw invalid(parent, "invalid_type", (parent != null) ? "'" + parent + "' must be a JSON object."
					: "The request body must be a JSON object.");
		}
		for (Map.Entry<String, JsonNode> field : node.properties()) {
			if (!fields.contains(field.getKey())) {
				String param = (parent != null) ? parent + "." + field.getKey() : field.getKey();
				throw invalid(ApiError.excerpt(param), "unknown_parameter",
						"Unrecognized request argument supplied: '" + ApiError.excerpt(param) + "'.");
			}
		}
	}

	static String name(JsonNode node) {
		if (!node.isString()) {
			throw invalid("name", "invalid_type", "Invalid type for 'name': expected a string.");
		}
		String name = node.stringValue().strip();
		if (name.isEmpty()) {
			throw invalid("name", "'name' must not be empty.");
		}
		if (name.length() > MAX_NAME_LENGTH) {
			throw invalid("name", "'name' must be at most " + MAX_NAME_LENGTH + " characters.");
		}
		if (name.codePoints().anyMatch(Character::isISOControl)) {
			throw invalid("name", "'name' must not contain control characters.");
		}
		return name;
	}

	static boolean bool(JsonNode node, String param) {
		if (!node.isBoolean()) {
			throw invalid(param, "invalid_type", "Invalid type for '" + param + "': expected true or false.");
		}
		return node.booleanValue();
	}

	static ApiException invalid(@Nullable String param, String message) {
		return invalid(param, "invalid_value", message);
	}

	static ApiException invalid(@Nullable String param, String code, String message) {
		return ApiError.invalidRequest(param, code, message).exception();
	}

}
