package io.codexlb.web;

import io.codexlb.apikey.ApiKeyResolver;
import io.codexlb.catalog.ModelCatalog;
import io.codexlb.error.ErrorRenderer;
import io.codexlb.ratelimit.RateLimiter;
import io.codexlb.security.ApiKeyAuthenticationFilter;
import io.codexlb.usage.UsageCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationPredicate;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.boot.servlet.filter.OrderedRequestContextFilter;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.security.web.DefaultSecurityFilterChain;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The whole path of a request to a models route, declared top to bottom in the order the
 * request passes:
 * <ol>
 * <li>{@link ClientPortAdapter}, around the container, before any filter: the
 * {@code X-Request-Id} and {@code nosniff} headers, and no draining of unread
 * bodies;</li>
 * <li>{@link RequestIdFilter}, on every route: the request id in the logging
 * context;</li>
 * <li>{@link ModelsRequestMetricsFilter}: the models routes' own timer, so that 401s and
 * 429s are timed too;</li>
 * <li>Spring Security, whose first chain is the models routes': the bearer key filter
 * alone, which answers 401 itself;</li>
 * <li>{@link ModelsServlet}: the key's grant, taken once, pays a rate-limit token (429 or
 * 503 with the headers), then the body rendered by {@link ModelsRenderer} is written with
 * its ETag, gzip or 304; the answer's status is counted in the key's usage
 * ({@link UsageCounter}, in memory).</li>
 * </ol>
 * The container maps the servlet by exact and path mappings, which take precedence over
 * the dispatcher's default mapping. The filter orders are relative to Spring Security's;
 * Spring's request context and the generic {@code http.server.requests} observation skip
 * these routes, which use neither.
 */
@Configuration(proxyBeanMethods = false)
class ModelsPipelineConfiguration {

	static final int REQUEST_ID_ORDER = SecurityFilterProperties.DEFAULT_FILTER_ORDER - 20;

	static final int METRICS_ORDER = SecurityFilterProperties.DEFAULT_FILTER_ORDER - 10;

	// the first of the security filter chains: the others match the remaining routes
	static final int SECURITY_CHAIN_ORDER = 0;

	@Bean
	FilterRegistrationBean<RequestIdFilter> requestIdFilter() {
		FilterRegistrationBean<RequestIdFilter> registration = new FilterRegistrationBean<>(new RequestIdFilter());
		registration.setOrder(REQUEST_ID_ORDER);
		return registration;
	}

	@Bean
	FilterRegistrationBean<ModelsRequestMetricsFilter> modelsRequestMetricsFilter(MeterRegistry meterRegistry) {
		FilterRegistrationBean<ModelsRequestMetricsFilter> registration = new FilterRegistrationBean<>(
				new ModelsRequestMetricsFilter(meterRegistry));
		registration.setUrlPatterns(ModelRoutes.URL_PATTERNS);
		registration.setOrder(METRICS_ORDER);
		return registration;
	}

	@Bean
	@Order(SECURITY_CHAIN_ORDER)
	SecurityFilterChain modelsSecurityFilterChain(ApiKeyResolver resolver, ErrorRenderer renderer) {
		return new DefaultSecurityFilterChain(
				(request) -> request.getDispatcherType() == DispatcherType.REQUEST
						&& ModelRoutes.isModelRoute(request.getServletPath()),
				ApiKeyAuthenticationFilter.keyRequired(resolver, renderer));
	}

	@Bean
	ServletRegistrationBean<ModelsServlet> modelsServlet(RateLimiter rateLimiter, ModelCatalog catalog,
			ModelsRenderer renderer, ErrorRenderer errors, UsageCounter usage) {
		ServletRegistrationBean<ModelsServlet> registration = new ServletRegistrationBean<>(
				new ModelsServlet(rateLimiter, catalog, renderer, errors, usage),
				ModelRoutes.URL_PATTERNS.toArray(String[]::new));
		registration.setName("models");
		registration.setLoadOnStartup(1);
		return registration;
	}

	/**
	 * Spring's request context (locale and request attributes in thread locals) for every
	 * route but the models routes, whose servlet uses neither: it replaces the one Spring
	 * Boot would register.
	 * @return the filter
	 */
	@Bean
	OrderedRequestContextFilter requestContextFilterOutsideModelRoutes() {
		return new OrderedRequestContextFilter() {

			@Override
			protected boolean shouldNotFilter(HttpServletRequest request) {
				return ModelRoutes.isModelRoute(request.getServletPath());
			}

		};
	}

	/**
	 * Leaves the models routes out of {@code http.server.requests}: their own timer
	 * counts them.
	 * @return the predicate
	 */
	@Bean
	ObservationPredicate modelsRoutesNotInServerObservations() {
		return (name, context) -> !(context instanceof ServerRequestObservationContext server
				&& ModelRoutes.isModelRoute(server.getCarrier().getServletPath()));
	}

}
