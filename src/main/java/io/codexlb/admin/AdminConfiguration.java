package io.codexlb.admin;

import java.time.Clock;

import io.codexlb.error.ErrorRenderer;
import org.apache.coyote.http11.AbstractHttp11Protocol;

import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wiring of the admin API: the request body limits in front of its routes, and the read
 * timeout they need from the connector.
 */
@Configuration(proxyBeanMethods = false)
class AdminConfiguration {

	// after the security filters: only an admin key gets a body read at all
	static final int FILTER_ORDER = SecurityFilterProperties.DEFAULT_FILTER_ORDER + 100;

	@Bean
	FilterRegistrationBean<AdminRequestBodyFilter> adminRequestBodyFilter(AdminProperties properties, Clock clock,
			ErrorRenderer renderer) {
		return bodyLimits(properties, clock, renderer, "/api/*", FILTER_ORDER);
	}

	/**
	 * The same limits on the console's forms, ahead of the security filters: the CSRF
	 * check reads a form before any key is known.
	 * @param properties the admin settings
	 * @param clock the clock
	 * @param renderer the error renderer
	 * @return the filter's registration
	 */
	@Bean
	FilterRegistrationBean<AdminRequestBodyFilter> consoleRequestBodyFilter(AdminProperties properties, Clock clock,
			ErrorRenderer renderer) {
		return bodyLimits(properties, clock, renderer, "/console/*",
				SecurityFilterProperties.DEFAULT_FILTER_ORDER - 10);
	}

	private static FilterRegistrationBean<AdminRequestBodyFilter> bodyLimits(AdminProperties properties, Clock clock,
			ErrorRenderer renderer, String paths, int order) {
		FilterRegistrationBean<AdminRequestBodyFilter> registration = new FilterRegistrationBean<>(
				new AdminRequestBodyFilter(properties.maxRequestSize().toBytes(), properties.requestBodyTimeout(),
						clock, renderer));
		registration.addUrlPatterns(paths);
		registration.setOrder(order);
		return registration;
	}

	/**
	 * One read of a request body waits at most the body timeout (instead of the
	 * connection timeout, 60 s): a body that stops arriving is cut off as well as one
	 * that trickles. The admin routes and the console are the only ones that read a body.
	 * @param properties the admin settings
	 * @return the customizer
	 */
	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> requestBodyReadTimeout(AdminProperties properties) {
		int millis = (int) properties.requestBodyTimeout().toMillis();
		return (factory) -> factory.addConnectorCustomizers((connector) -> {
			if (connector.getProtocolHandler() instanceof AbstractHttp11Protocol<?> http) {
				http.setDisableUploadTimeout(false);
				http.setConnectionUploadTimeout(millis);
			}
		});
	}

}
