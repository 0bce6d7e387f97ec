package io.codexlb.error;

import java.lang.reflect.RecordComponent;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.StringJoiner;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * How a request body that does not bind to its wire record, or breaks one of the record's
 * constraints, is told to the client: a 400 whose {@code param} names the field, dotted
 * when it is nested (such as {@code rate_limit.requests_per_minute}), and whose
 * {@code code} says what kind of problem it is. Wire records name their fields in
 * snake_case, which is how a constraint's property path is named on the wire.
 */
public final class RequestBodyErrors {

	private static final SnakeCase snakeCase = new SnakeCase();

	private RequestBodyErrors() {
	}

	/**
	 * The error for a body that is not JSON, or not one JSON document.
	 * @return the error
	 */
	public static ApiError invalidJson() {
		return ApiError.invalidRequest(null, "invalid_json",
				"We could not parse the JSON body of your request. The body must be one valid JSON object.");
	}

	/**
	 * The error for a body that is JSON but not an object.
	 * @return the error
	 */
	public static ApiError notAnObject() {
		return ApiError.invalidRequest(null, "invalid_type", "The request body must be a JSON object.");
	}

	/**
	 * The error for a body Jackson could not bind.
	 * @param failure what Jackson threw
	 * @return the error
	 */
	public static ApiError of(JacksonException failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			// a body limit that ran out while Jackson was reading the body
			if (cause instanceof ApiException api) {
				return api.error();
			}
			if (cause instanceof RejectedValueException rejected) {
				return rejected.error(param(failure));
			}
		}
		if (failure instanceof StreamReadException) {
			return invalidJson();
		}
		String param = param(failure);
		if (failure instanceof UnrecognizedPropertyException && param != null) {
			String unknown = ApiError.excerpt(param);
			return ApiError.invalidRequest(unknown, "unknown_parameter",
					"Unrecognized request argument supplied: '" + unknown + "'.");
		}
		if (failure instanceof MismatchedInputException mismatch) {
			if (param == null) {
				return notAnObject();
			}
			List<JacksonException.Reference> path = failure.getPath();
			boolean inArray = path.get(path.size() - 1).getPropertyName() == null;
			return wrongType(param, inArray ? "in" : "for", expected(mismatch.getTargetType()));
		}
		return (param != null) ? ApiError.invalidRequest(param, "Invalid value for '" + param + "'.") : invalidJson();
	}

	/**
	 * The error for a bound body that breaks constraints: the first in the order of the
	 * record's fields. A field the constraint wants not null was missing (a record cannot
	 * tell a field left out from one sent as null), any other constraint refuses the
	 * value; the constraint's message is the error's.
	 * @param violations the broken constraints, at least one
	 * @return the error
	 */
	public static ApiError of(Collection<? extends ConstraintViolation<?>> violations) {
		ConstraintViolation<?> first = violations.stream()
			.min(Comparator.<ConstraintViolation<?>>comparingInt(RequestBodyErrors::position)
				.thenComparing((violation) -> String.valueOf(param(violation.getPropertyPath())))
				.thenComparing(ConstraintViolation::getMessage))
			.orElseThrow(() -> new IllegalArgumentException("no constraint violation"));
		boolean missing = first.getConstraintDescriptor().getAnnotation() instanceof NotNull;
		return ApiError.invalidRequest(param(first.getPropertyPath()),
				missing ? "missing_required_parameter" : "invalid_value", first.getMessage());
	}

	static ApiError wrongType(@Nullable String param, String preposition, String expected) {
		return ApiError.invalidRequest(param, "invalid_type",
				"Invalid type " + preposition + " '" + name(param) + "': expected " + expected + ".");
	}

	// a wire type's field is always a named one; the body itself is called what it is
	static String name(@Nullable String param) {
		return (param != null) ? param : "body";
	}

	private static @Nullable String param(JacksonException failure) {
		StringJoiner param = new StringJoiner(".");
		for (JacksonException.Reference reference : failure.getPath()) {
			// an index in an array names no field: the error is about the array's field
			if (reference.getPropertyName() != null) {
				param.add(reference.getPropertyName());
			}
		}
		return (param.length() > 0) ? param.toString() : null;
	}

	private static @Nullable String param(Path path) {
		StringJoiner param = new StringJoiner(".");
		for (Path.Node node : path) {
			if (node.getKind() == ElementKind.PROPERTY) {
				param.add(snakeCase.translate(node.getName()));
			}
		}
		return (param.length() > 0) ? param.toString() : null;
	}

	// where the violation's field is declared in the body's record, for the order in
	// which a client reads the fields
	private static int position(ConstraintViolation<?> violation) {
		Iterator<Path.Node> nodes = violation.getPropertyPath().iterator();
		RecordComponent[] components = violation.getRootBeanClass().getRecordComponents();
		if (nodes.hasNext() && components != null) {
			String name = nodes.next().getName();
			for (int i = 0; i < components.length; i++) {
				if (components[i].getName().equals(name)) {
					return i;
				}
			}
		}
		return Integer.MAX_VALUE;
	}

	private static String expected(@Nullable Class<?> type) {
		if (type == null) {
			return "a value of another type";
		}
		if (CharSequence.class.isAssignableFrom(type) || type.isEnum()) {
			return "a string";
		}
		if (type == Boolean.class || type == boolean.class) {
			return "true or false";
		}
		if (type == Integer.class || type == Long.class || type == BigInteger.class || type == int.class
				|| type == long.class) {
			return "an integer";
		}
		if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
			return "a number";
		}
		if (Collection.class.isAssignableFrom(type) || type.isArray()) {
			return "an array";
		}
		return "an object";
	}

	/**
	 * The naming of {@code @JsonNaming(SnakeCaseStrategy.class)}, for the property paths
	 * of Bean Validation.
	 */
	private static final class SnakeCase extends PropertyNamingStrategies.SnakeCaseStrategy {

		@Override
		public String translate(String name) {
			return super.translate(name);
		}

	}

}
