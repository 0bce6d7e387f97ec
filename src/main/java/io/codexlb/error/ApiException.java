package io.codexlb.error;

/**
 * An exception that carries the {@link ApiError} the client must see. It has no stack
 * trace: it is an answer, not a fault.
 */
public class ApiException extends RuntimeException {

	private final ApiError error;

	ApiException(ApiError error) {
		super(error.message(), null, false, false);
		this.error = error;
	}

	public ApiError error() {
		return this.error;
	}

}
