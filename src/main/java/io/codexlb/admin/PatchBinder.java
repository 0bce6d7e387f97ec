package io.codexlb.admin;

import java.util.Set;

import io.codexlb.error.ApiError;
import io.codexlb.error.RequestBodyErrors;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * Binds the body of a PATCH to its request record as any request body binds (strictly,
 * then Bean Validation), and keeps which fields it has: the record cannot tell a field
 * left out, whose value stays as it is, from one sent as {@code null}.
 */
@Component
class PatchBinder {

	private final JsonMapper jsonMapper;

	private final Validator validator;

	PatchBinder(JsonMapper jsonMapper, Validator validator) {
		this.jsonMapper = jsonMapper;
		this.validator = validator;
	}

	/**
	 * Binds a body.
	 * @param <T> the request record
	 * @param body the body as read
	 * @param type the request record
	 * @return the bound body
	 * @throws io.codexlb.error.ApiException a 400 naming the field, when the body does
	 * not bind or is not valid
	 */
	<T> Patch<T> bind(JsonNode body, Class<T> type) {
		T request;
		try {
			request = this.jsonMapper.treeToValue(body, type);
		}
		catch (JacksonException ex) {
			throw RequestBodyErrors.of(ex).exception();
		}
		if (request == null) {
			// the body is JSON null
			throw RequestBodyErrors.notAnObject().exception();
		}
		Set<ConstraintViolation<T>> violations = this.validator.validate(request);
		if (!violations.isEmpty()) {
			throw RequestBodyErrors.of(violations).exception();
		}
		return new Patch<>(request, Set.copyOf(body.propertyNames()));
	}

	/**
	 * Refuses a field sent as {@code null} that cannot be cleared.
	 * @param fields the fields of the body
	 * @param field the field
	 * @param value its value in the request record
	 * @param message the error's message
	 */
	static void refuseNull(Set<String> fields, String field, @Nullable Object value, String message) {
		if (value == null && fields.contains(field)) {
			throw ApiError.invalidRequest(field, message).exception();
		}
	}

	/**
	 * A bound PATCH body.
	 *
	 * @param <T> the request record
	 * @param request the body bound to its record
	 * @param fields the fields the body has
	 */
	record Patch<T>(T request, Set<String> fields) {

	}

}
