package io.codexlb.admin;

import io.codexlb.error.ErrorRenderer;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wiring of the admin API: the request size limit in front of its routes.
 */
@Configuration(proxyBeanMethods = false)
class AdminConfiguration {

	// after the security filters: only an admin key gets a body read at all
	static final int FILTER_ORDER = 0;

	@Bean
	FilterRegistrationBean<AdminRequestSizeFilter> adminRequestSizeFilter(AdminProperties properties,
			ErrorRenderer renderer) {
		FilterRegistrationBean<AdminRequestSizeFilter> registration = new FilterRegistrationBean<>(
				new AdminRequestSizeFilter(properties.maxRequestSize().toBytes(), renderer));
		registration.addUrlPatterns("/api/*");
		registration.setOrder(FILTER_ORDER);
		return registration;
	}

}
