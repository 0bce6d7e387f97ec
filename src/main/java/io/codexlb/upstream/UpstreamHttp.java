package io.codexlb.upstream;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;

import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.web.client.RestClient;

/**
 * The HTTP plumbing shared by the upstream clients: a {@link RestClient} with the
 * configured timeouts, bounded body reads, and failure reasons that never carry a token.
 */
final class UpstreamHttp {

	private UpstreamHttp() {
	}

	static RestClient restClient(RestClient.Builder builder, UpstreamProperties properties) {
		HttpClientSettings settings = HttpClientSettings.defaults()
			.withTimeouts(properties.connectTimeout(), properties.readTimeout());
		return builder.clone().requestFactory(ClientHttpRequestFactoryBuilder.simple().build(settings)).build();
	}

	/**
	 * Reads a body, refusing one larger than the limit.
	 * @param body the body stream
	 * @param maxBytes the limit
	 * @return the bytes
	 * @throws IOException if reading fails
	 * @throws ResponseTooLargeException if the body is larger than the limit
	 */
	static byte[] readBounded(InputStream body, long maxBytes) throws IOException {
		byte[] bytes = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
		if (bytes.length > maxBytes) {
			throw new ResponseTooLargeException(maxBytes);
		}
		return bytes;
	}

	/**
	 * Says why a call failed, in words safe for logs and the admin API.
	 * @param failure the exception
	 * @param properties the timeouts, for the message
	 * @return the reason
	 */
	static String reason(Throwable failure, UpstreamProperties properties) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof ResponseTooLargeException tooLarge) {
				return tooLarge.getMessage();
			}
			if (cause instanceof SocketTimeoutException) {
				return "timed out (connect timeout " + properties.connectTimeout().toMillis() + " ms, read timeout "
						+ properties.readTimeout().toMillis() + " ms)";
			}
			if (cause instanceof ConnectException) {
				return "connection refused";
			}
			if (cause instanceof UnknownHostException) {
				return "unknown host";
			}
		}
		return "I/O error (" + NestedExceptionUtils.getMostSpecificCause(failure).getClass().getSimpleName() + ")";
	}

	/**
	 * An answer larger than {@code codex-lb.upstream.max-response-size}.
	 */
	static final class ResponseTooLargeException extends IOException {

		ResponseTooLargeException(long maxBytes) {
			super("response larger than " + maxBytes + " bytes");
		}

	}

}
