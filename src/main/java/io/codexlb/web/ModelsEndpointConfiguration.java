package io.codexlb.web;

import io.codexlb.catalog.CatalogRenderer;
import io.codexlb.catalog.ModelCatalog;
import io.codexlb.error.ErrorRenderer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationPredicate;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.servlet.filter.OrderedRequestContextFilter;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.server.observation.ServerRequestObservationContext;

/**
 * The models routes' servlet, timer and filter set. The container's exact and path
 * mappings of the servlet take precedence over the dispatcher's default mapping, and
 * every filter still applies, except the request context, which these routes do not use.
 */
@Configuration(proxyBeanMethods = false)
class ModelsEndpointConfiguration {

	@Bean
	ServletRegistrationBean<ModelsServlet> modelsServlet(ModelCatalog catalog, CatalogRenderer renderer,
			ErrorRenderer errors) {
		ServletRegistrationBean<ModelsServlet> registration = new ServletRegistrationBean<>(
				new ModelsServlet(catalog, renderer, errors), ModelRoutes.URL_PATTERNS.toArray(String[]::new));
		registration.setName("models");
		registration.setLoadOnStartup(1);
		return registration;
	}

	@Bean
	FilterRegistrationBean<ModelsRequestMetricsFilter> modelsRequestMetricsFilter(MeterRegistry meterRegistry) {
		FilterRegistrationBean<ModelsRequestMetricsFilter> registration = new FilterRegistrationBean<>(
				new ModelsRequestMetricsFilter(meterRegistry));
		registration.setUrlPatterns(ModelRoutes.URL_PATTERNS);
		// right after the request id, before the security filters, so that 401s are timed
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
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
