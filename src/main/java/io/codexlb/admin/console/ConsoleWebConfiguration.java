package io.codexlb.admin.console;

import java.time.Duration;
import java.util.List;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.web.servlet.AbstractFilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.CacheControl;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Wiring of the console's pages: its assets from the jar, and sessions on its paths only.
 */
@Configuration(proxyBeanMethods = false)
class ConsoleWebConfiguration {

	// the name Spring Boot gives the registration of Spring Session's filter
	private static final String SESSION_FILTER_REGISTRATION = "sessionRepositoryFilterRegistration";

	/**
	 * Spring Session's filter on the console's paths only: no other route has a session,
	 * and the models routes do not pay for its wrappers. Whether or not the console is
	 * enabled.
	 * @return the post-processor
	 */
	@Bean
	static BeanPostProcessor consoleOnlySessions() {
		return new BeanPostProcessor() {

			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				if (SESSION_FILTER_REGISTRATION.equals(beanName)
						&& bean instanceof AbstractFilterRegistrationBean<?> registration) {
					registration.setUrlPatterns(List.of("/console/*"));
				}
				return bean;
			}

		};
	}

	@Bean
	@ConsoleEnabled
	WebMvcConfigurer consoleAssets() {
		return new WebMvcConfigurer() {

			@Override
			public void addResourceHandlers(ResourceHandlerRegistry registry) {
				registry.addResourceHandler(ConsoleRoutes.ASSETS + "**")
					.addResourceLocations("classpath:/console/assets/")
					.setCacheControl(CacheControl.maxAge(Duration.ofHours(1)).cachePrivate());
			}

		};
	}

}
