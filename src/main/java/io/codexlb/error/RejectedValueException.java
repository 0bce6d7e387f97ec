package io.codexlb.error;

import org.jspecify.annotations.Nullable;

/**
 * Thrown by a wire type's deserializer that refuses the value of a request field while
 * the body binds; the field's name comes from where Jackson was reading, see
 * {@link RequestBodyErrors#of(tools.jackson.core.JacksonException)}. It has no stack
 * trace: it is an answer, not a fault.
 */
public final class RejectedValueException extends RuntimeException {

	private final boolean wrongType;

	private RejectedValueException(boolean wrongType, String detail) {
		super(detail, null, false, false);
		this.wrongType = wrongType;
	}

	/**
	 * A value of a JSON type the field does not take.
	 * @param expected what the field takes, such as {@code an ISO-8601 date-time}
	 * @return the exception
	 */
	public static RejectedValueException wrongType(String expected) {
		return new RejectedValueException(true, expected);
	}

	/**
	 * A value of the right JSON type that the field still refuses.
	 * @param reason why, as the end of a sentence, such as
	 * {@code a date after the year 9999.}
	 * @return the exception
	 */
	public static RejectedValueException invalid(String reason) {
		return new RejectedValueException(false, reason);
	}

	ApiError error(@Nullable String param) {
		return this.wrongType ? RequestBodyErrors.wrongType(param, "for", getMessage())
				: ApiError.invalidRequest(param, "Invalid '" + RequestBodyErrors.name(param) + "': " + getMessage());
	}

}
