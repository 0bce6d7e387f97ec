package io.codexlb.web;

import java.io.IOException;
import java.util.concurrent.ThreadLocalRandom;

import io.codexlb.error.ResponseHeaders;
import io.codexlb.logging.LoggingContext;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Puts the request's {@code X-Request-Id} in the logging context: the client's own when
 * it is sane, a new one otherwise. {@link ClientPortAdapter} has already put it and
 * {@code X-Content-Type-Options: nosniff} on the answer; a request that did not come
 * through it gets both here.
 */
class RequestIdFilter extends OncePerRequestFilter {

	static final String HEADER = "X-Request-Id";

	static final String MDC_KEY = LoggingContext.REQUEST_ID;

	private static final int MAX_LENGTH = 128;

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String requestId = response.getHeader(HEADER);
		if (requestId == null) {
			requestId = sane(request.getHeader(HEADER)) ? request.getHeader(HEADER) : newRequestId();
			response.setHeader(HEADER, requestId);
			response.setHeader(ResponseHeaders.X_CONTENT_TYPE_OPTIONS, ResponseHeaders.NOSNIFF);
		}
		MDC.put(MDC_KEY, requestId);
		try {
			chain.doFilter(request, response);
		}
		finally {
			MDC.remove(MDC_KEY);
		}
	}

	static boolean sane(@Nullable String requestId) {
		if (requestId == null || requestId.isEmpty() || requestId.length() > MAX_LENGTH) {
			return false;
		}
		for (int i = 0; i < requestId.length(); i++) {
			char c = requestId.charAt(i);
			boolean allowed = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'
					|| c == '_' || c == '.' || c == ':';
			if (!allowed) {
				return false;
			}
		}
		return true;
	}

	// not a secret, so a fast non-cryptographic source is enough
	static String newRequestId() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		return "req_" + Long.toHexString(random.nextLong() | Long.MIN_VALUE)
				+ Long.toHexString(random.nextLong() | Long.MIN_VALUE);
	}

}
