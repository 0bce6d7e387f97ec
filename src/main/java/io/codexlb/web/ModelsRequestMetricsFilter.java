package io.codexlb.web;

import java.io.IOException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Times every request to a models route, rejected ones included, in
 * {@code codex_lb_models_requests_seconds} by path, kind (list or model) and status. The
 * generic {@code http.server.requests} observation leaves these routes out: it costs a
 * sixth of a models request, and a timer looked up by a few numbers costs next to
 * nothing.
 */
final class ModelsRequestMetricsFilter implements Filter {

	static final String METRIC = "codex_lb_models_requests";

	private final MeterRegistry meterRegistry;

	private final ConcurrentMap<Integer, Timer> timers = new ConcurrentHashMap<>();

	ModelsRequestMetricsFilter(MeterRegistry meterRegistry) {
		this.meterRegistry = meterRegistry;
	}

	@Override
	public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
			throws IOException, ServletException {
		long start = System.nanoTime();
		boolean failed = true;
		try {
			chain.doFilter(request, response);
			failed = false;
		}
		finally {
			HttpServletRequest httpRequest = (HttpServletRequest) request;
			// an exception becomes the container's 500 after this filter
			int status = failed ? HttpServletResponse.SC_INTERNAL_SERVER_ERROR
					: ((HttpServletResponse) response).getStatus();
			timer(httpRequest.getServletPath(), httpRequest.getPathInfo() != null, status)
				.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
		}
	}

	private Timer timer(String servletPath, boolean model, int status) {
		int path = Math.max(0, ModelRoutes.LISTS.indexOf(servletPath));
		int key = (status << 3) | (path << 1) | (model ? 1 : 0);
		Timer timer = this.timers.get(key);
		if (timer == null) {
			timer = this.timers.computeIfAbsent(key,
					(missing) -> Timer.builder(METRIC)
						.description("Requests to the models routes, by path, kind and status")
						.tag("path", ModelRoutes.LISTS.get(path))
						.tag("kind", model ? "model" : "list")
						.tag("status", String.valueOf(status))
						.register(this.meterRegistry));
		}
		return timer;
	}

}
