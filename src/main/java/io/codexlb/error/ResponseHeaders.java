package io.codexlb.error;

/**
 * Header values every part of the service answers with.
 */
public final class ResponseHeaders {

	/**
	 * The {@code Cache-Control} of every answer that carries no secret: a shared cache
	 * must not keep it (it depends on the key), a client must revalidate.
	 */
	public static final String PRIVATE_NO_CACHE = "private, no-cache";

	/**
	 * The {@code Cache-Control} of an answer that carries a plaintext key.
	 */
	public static final String NO_STORE = "no-store";

	/**
	 * The {@code X-Content-Type-Options} of every answer: a browser must not guess a type
	 * other than the one sent (an error body echoes a bit of the request).
	 */
	public static final String NOSNIFF = "nosniff";

	/**
	 * The name of the header that carries {@link #NOSNIFF}.
	 */
	public static final String X_CONTENT_TYPE_OPTIONS = "X-Content-Type-Options";

	private ResponseHeaders() {
	}

}
