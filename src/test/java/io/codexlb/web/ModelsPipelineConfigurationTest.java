package io.codexlb.web;

import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.servlet.Filter;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.context.request.RequestContextHolder;

import static org.assertj.core.api.Assertions.assertThat;

class ModelsPipelineConfigurationTest {

	private final Filter filter = new ModelsPipelineConfiguration().requestContextFilterOutsideModelRoutes();

	@Test
	void requestContextShouldBeSetEverywhereButOnTheModelsRoutes() throws Exception {
		assertThat(hasRequestContext("/backend-api/codex/models")).isFalse();
		assertThat(hasRequestContext("/v1/models")).isFalse();
		assertThat(hasRequestContext("/backend-api/codex/v1/models")).isFalse();
		assertThat(hasRequestContext("/api/api-keys")).isTrue();
		assertThat(hasRequestContext("/error")).isTrue();
		assertThat(hasRequestContext("/v1/models-extra")).isTrue();
	}

	private boolean hasRequestContext(String servletPath) throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", servletPath);
		request.setServletPath(servletPath);
		AtomicBoolean seen = new AtomicBoolean();
		this.filter.doFilter(request, new MockHttpServletResponse(),
				(filtered, response) -> seen.set(RequestContextHolder.getRequestAttributes() != null));
		return seen.get();
	}

}
