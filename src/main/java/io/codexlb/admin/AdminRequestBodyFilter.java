package io.codexlb.admin;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.SocketTimeoutException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.codexlb.error.ApiError;
import io.codexlb.error.ErrorRenderer;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Holds an admin request body to a size and a time limit, from the first read on, so that
 * a request refused from its headers (404, 405, 415) never waits for its body. A body
 * larger than the limit is refused with 413: at once when {@code Content-Length} declares
 * it, at the first byte past the limit when it comes without a length (chunked). A body
 * still arriving when the time is up is refused with 408. Either way the connection is
 * closed after the answer, the rest of the body unread.
 */
final class AdminRequestBodyFilter extends OncePerRequestFilter {

	private final long maxBytes;

	private final Duration timeout;

	private final Clock clock;

	private final ErrorRenderer renderer;

	AdminRequestBodyFilter(long maxBytes, Duration timeout, Clock clock, ErrorRenderer renderer) {
		this.maxBytes = maxBytes;
		this.timeout = timeout;
		this.clock = clock;
		this.renderer = renderer;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long declared = request.getContentLengthLong();
		if (declared > this.maxBytes) {
			// the rest of the body is not wanted: do not keep the connection for it
			response.setHeader(HttpHeaders.CONNECTION, "close");
			this.renderer.write(response, ApiError.requestTooLarge(this.maxBytes));
			return;
		}
		boolean hasBody = declared > 0 || (declared < 0 && request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null);
		chain.doFilter(hasBody ? new LimitedBodyRequest(request) : request, response);
	}

	// Tomcat answers a read that waited longer than its read timeout with 408 itself; the
	// client sees the same answer either way
	private static boolean timedOut(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof SocketTimeoutException) {
				return true;
			}
		}
		return false;
	}

	/**
	 * A request whose body is read through {@link LimitedBody}.
	 */
	private final class LimitedBodyRequest extends HttpServletRequestWrapper {

		private @Nullable LimitedBody body;

		LimitedBodyRequest(HttpServletRequest request) {
			super(request);
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			if (this.body == null) {
				this.body = new LimitedBody(super.getInputStream());
			}
			return this.body;
		}

		@Override
		public BufferedReader getReader() throws IOException {
			String encoding = getCharacterEncoding();
			Charset charset = (encoding != null) ? Charset.forName(encoding) : StandardCharsets.UTF_8;
			return new BufferedReader(new InputStreamReader(getInputStream(), charset));
		}

	}

	/**
	 * The body stream that counts the bytes and the time since its first read, and throws
	 * the {@link ApiError} to answer with when either runs out.
	 */
	private final class LimitedBody extends ServletInputStream {

		private final ServletInputStream body;

		private long bytes;

		private @Nullable Instant deadline;

		LimitedBody(ServletInputStream body) {
			this.body = body;
		}

		@Override
		public int read() throws IOException {
			byte[] one = new byte[1];
			int read = read(one, 0, 1);
			return (read == -1) ? -1 : (one[0] & 0xFF);
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			if (this.deadline == null) {
				this.deadline = AdminRequestBodyFilter.this.clock.instant().plus(AdminRequestBodyFilter.this.timeout);
			}
			int read;
			try {
				read = this.body.read(buffer, offset, length);
			}
			catch (IOException ex) {
				if (timedOut(ex)) {
					throw ApiError.requestTimeout().exception();
				}
				throw ex;
			}
			if (read > 0) {
				this.bytes += read;
				if (this.bytes > AdminRequestBodyFilter.this.maxBytes) {
					throw ApiError.requestTooLarge(AdminRequestBodyFilter.this.maxBytes).exception();
				}
				if (!this.body.isFinished() && AdminRequestBodyFilter.this.clock.instant().isAfter(this.deadline)) {
					throw ApiError.requestTimeout().exception();
				}
			}
			return read;
		}

		@Override
		public boolean isFinished() {
			return this.body.isFinished();
		}

		@Override
		public boolean isReady() {
			return this.body.isReady();
		}

		@Override
		public void setReadListener(ReadListener listener) {
			throw new UnsupportedOperationException("admin request bodies are read blocking, within their limits");
		}

	}

}
