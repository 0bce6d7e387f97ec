package io.codexlb.error;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.jspecify.annotations.Nullable;

/**
 * The OpenAI error envelope on the wire:
 * {@code {"error":{"message","type","param","code"}}}.
 *
 * @param error the error object
 */
record ErrorEnvelope(Body error) {

	static ErrorEnvelope of(ApiError error) {
		return new ErrorEnvelope(new Body(error.message(), error.type(), error.param(), error.code()));
	}

	/**
	 * The error object; every field is always written, {@code null} included.
	 *
	 * @param message the message
	 * @param type the error type
	 * @param param the field the error is about
	 * @param code the error code
	 */
	@JsonInclude(JsonInclude.Include.ALWAYS)
	@JsonPropertyOrder({ "message", "type", "param", "code" })
	record Body(String message, String type, @Nullable String param, @Nullable String code) {

	}

}
