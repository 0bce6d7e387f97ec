package io.codexlb.security;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;

/**
 * The settings every security filter chain of the service shares: no session, no login,
 * no CSRF, no request cache, and no header a chain's answers set for themselves.
 */
public final class StatelessChains {

	private StatelessChains() {
	}

	/**
	 * Applies the shared settings to a chain.
	 * @param http the chain's builder
	 */
	public static void configure(HttpSecurity http) {
		http.csrf(AbstractHttpConfigurer::disable)
			.formLogin(AbstractHttpConfigurer::disable)
			.httpBasic(AbstractHttpConfigurer::disable)
			.logout(AbstractHttpConfigurer::disable)
			.anonymous(AbstractHttpConfigurer::disable)
			.requestCache(AbstractHttpConfigurer::disable)
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.headers((headers) -> headers.cacheControl((cacheControl) -> cacheControl.disable())
				.xssProtection((xss) -> xss.disable()));
	}

}
