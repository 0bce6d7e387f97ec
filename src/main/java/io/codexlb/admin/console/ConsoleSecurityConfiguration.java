package io.codexlb.admin.console;

import java.time.Clock;

import io.codexlb.apikey.ApiKeyResolver;
import io.codexlb.security.ApiKeyAuthentication;
import jakarta.servlet.DispatcherType;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.csrf.HttpSessionCsrfTokenRepository;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;

/**
 * The console's security filter chain: a session made by signing in with an admin key
 * (the key is checked again on every request), Spring Security's CSRF protection on every
 * state change, and headers that keep its pages from running any script but their own,
 * from being framed and from being cached.
 */
@Configuration(proxyBeanMethods = false)
@ConsoleEnabled
class ConsoleSecurityConfiguration {

	/**
	 * The console's content security policy: scripts, styles and images from the console
	 * only, never inline; no plug-ins, no framing, no {@code <base>}, forms posted to the
	 * console only.
	 */
	static final String CONTENT_SECURITY_POLICY = "default-src 'self'; frame-ancestors 'none'; object-src 'none'; "
			+ "base-uri 'none'; form-action 'self'";

	@Bean
	HttpSessionCsrfTokenRepository consoleCsrfTokenRepository() {
		return new HttpSessionCsrfTokenRepository();
	}

	@Bean
	@Order(3)
	SecurityFilterChain consoleSecurityFilterChain(HttpSecurity http, ApiKeyResolver resolver,
			ConsoleProperties properties, HttpSessionCsrfTokenRepository csrfTokens, Clock clock) {
		http.securityMatcher("/console", "/console/**");
		http.formLogin(AbstractHttpConfigurer::disable)
			.httpBasic(AbstractHttpConfigurer::disable)
			.logout(AbstractHttpConfigurer::disable)
			.anonymous(AbstractHttpConfigurer::disable)
			.requestCache(AbstractHttpConfigurer::disable)
			// the session holds the key's id, not a security context: the key is resolved
			// again on every request
			.securityContext(
					(context) -> context.securityContextRepository(new RequestAttributeSecurityContextRepository()))
			.csrf((csrf) -> csrf.csrfTokenRepository(csrfTokens))
			.headers((headers) -> headers.contentSecurityPolicy((csp) -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
				.frameOptions((frames) -> frames.deny())
				.referrerPolicy((referrer) -> referrer.policy(ReferrerPolicy.SAME_ORIGIN))
				.xssProtection((xss) -> xss.disable()));
		http.addFilterBefore(new ConsoleSessionFilter(resolver, clock, properties.absoluteTimeout()), CsrfFilter.class);
		http.exceptionHandling((exceptions) -> exceptions
			.authenticationEntryPoint(new LoginUrlAuthenticationEntryPoint(ConsoleRoutes.SIGN_IN))
			.accessDeniedHandler((request, response, denied) -> {
				// only a signed-in admin key passes; what is denied is a form without its
				// CSRF token, or with the token of an older session
				response.setStatus(HttpStatus.FORBIDDEN.value());
				response.setContentType(MediaType.TEXT_PLAIN_VALUE + ";charset=UTF-8");
				response.getWriter()
					.write("Refused: the form was not sent from this console session. Reload the page and try again.");
			}));
		http.authorizeHttpRequests((requests) -> requests.dispatcherTypeMatchers(DispatcherType.ERROR)
			.permitAll()
			.requestMatchers(ConsoleRoutes.SIGN_IN, ConsoleRoutes.ASSETS + "**")
			.permitAll()
			.anyRequest()
			.hasAuthority(ApiKeyAuthentication.ADMIN));
		return http.build();
	}

}
