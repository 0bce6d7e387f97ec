package io.codexlb.security;

import io.codexlb.apikey.ApiKeyResolver;
import io.codexlb.error.ApiError;
import io.codexlb.error.ErrorRenderer;
import jakarta.servlet.DispatcherType;

import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * The security filter chains after the models routes' own (declared with the rest of
 * their pipeline in the web package): actuator endpoints (on the management port, not to
 * be exposed) are open; the API document and its UI are open (their chain is the openapi
 * package's); everything else needs an API key, and {@code /api/**} an admin key. Also
 * the firewall and observation settings every chain shares.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	/**
	 * Spans around every security filter cost more per request than the models endpoint
	 * itself; requests are still timed ({@code http.server.requests}, and the models
	 * routes' own timer).
	 * @return no security observations
	 */
	@Bean
	SecurityObservationSettings securityObservationSettings() {
		return SecurityObservationSettings.noObservations();
	}

	/**
	 * The strict firewall with its character rules as loops: the default regular
	 * expressions cost a few per cent of a models request.
	 * @return the firewall
	 */
	@Bean
	HttpFirewall httpFirewall() {
		StrictHttpFirewall firewall = new StrictHttpFirewall();
		firewall.setAllowedHeaderNames(FirewallCharacters::isAllowedName);
		firewall.setAllowedHeaderValues(FirewallCharacters::isAllowedHeaderValue);
		firewall.setAllowedParameterNames(FirewallCharacters::isAllowedName);
		return firewall;
	}

	@Bean
	@Order(1)
	SecurityFilterChain managementSecurityFilterChain(HttpSecurity http) {
		http.securityMatcher(EndpointRequest.toAnyEndpoint());
		StatelessChains.configure(http);
		http.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll());
		return http.build();
	}

	// the catch-all chain: after every chain with a matcher of its own
	@Bean
	@Order(Ordered.LOWEST_PRECEDENCE)
	SecurityFilterChain apiSecurityFilterChain(HttpSecurity http, ApiKeyResolver resolver, ErrorRenderer renderer) {
		StatelessChains.configure(http);
		http.addFilterBefore(new ApiKeyAuthenticationFilter(resolver, renderer, false), AuthorizationFilter.class);
		http.exceptionHandling((exceptions) -> exceptions
			.authenticationEntryPoint(
					(request, response, exception) -> renderer.write(response, ApiError.missingApiKey()))
			.accessDeniedHandler(
					(request, response, exception) -> renderer.write(response, ApiError.insufficientPermissions())));
		http.authorizeHttpRequests((requests) -> requests.dispatcherTypeMatchers(DispatcherType.ERROR)
			.permitAll()
			.requestMatchers("/api/**")
			.hasAuthority(ApiKeyAuthentication.ADMIN)
			.anyRequest()
			.authenticated());
		return http.build();
	}

}
