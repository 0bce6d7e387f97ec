package io.codexlb.admin;

import java.io.ByteArrayInputStream;
import java.io.IOException;

import io.codexlb.error.ApiError;
import io.codexlb.error.ErrorRenderer;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses an admin request body larger than the limit with 413, before anything parses
 * it: at once when {@code Content-Length} declares it, after reading one byte past the
 * limit when the body comes without a length (chunked).
 */
final class AdminRequestSizeFilter extends OncePerRequestFilter {

	private final long maxBytes;

	private final ErrorRenderer renderer;

	AdminRequestSizeFilter(long maxBytes, ErrorRenderer renderer) {
		this.maxBytes = maxBytes;
		this.renderer = renderer;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long declared = request.getContentLengthLong();
		if (declared > this.maxBytes) {
			refuse(response);
			return;
		}
		if (declared >= 0) {
			// the container ends the body stream at the declared length
			chain.doFilter(request, response);
			return;
		}
		byte[] body = request.getInputStream().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, this.maxBytes + 1));
		if (body.length > this.maxBytes) {
			refuse(response);
			return;
		}
		chain.doFilter(new BufferedBodyRequest(request, body), response);
	}

	private void refuse(HttpServletResponse response) throws IOException {
		// the rest of the body is not wanted: do not keep the connection for it
		response.setHeader(HttpHeaders.CONNECTION, "close");
		this.renderer.write(response, ApiError.requestTooLarge(this.maxBytes));
	}

	/**
	 * A request whose body was read ahead, within the limit.
	 */
	private static final class BufferedBodyRequest extends HttpServletRequestWrapper {

		private final byte[] body;

		BufferedBodyRequest(HttpServletRequest request, byte[] body) {
			super(request);
			this.body = body;
		}

		@Override
		public ServletInputStream getInputStream() {
			ByteArrayInputStream bytes = new ByteArrayInputStream(this.body);
			return new ServletInputStream() {

				@Override
				public int read() {
					return bytes.read();
				}

				@Override
				public int read(byte[] buffer, int offset, int length) {
					return bytes.read(buffer, offset, length);
				}

				@Override
				public boolean isFinished() {
					return bytes.available() == 0;
				}

				@Override
				public boolean isReady() {
					return true;
				}

				@Override
				public void setReadListener(ReadListener listener) {
					throw new UnsupportedOperationException("the body is already read");
				}

			};
		}

		@Override
		public int getContentLength() {
			return this.body.length;
		}

		@Override
		public long getContentLengthLong() {
			return this.body.length;
		}

	}

}
