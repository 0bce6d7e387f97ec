package io.codexlb.security;

import java.util.List;

import io.codexlb.apikey.ApiKeyGrant;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * An authenticated API key; its principal is the key's {@link ApiKeyGrant}. The admin
 * routes need its {@link #ADMIN} authority.
 */
public final class ApiKeyAuthentication extends AbstractAuthenticationToken {

	public static final String ADMIN = "ADMIN";

	private static final List<GrantedAuthority> ADMIN_AUTHORITIES = List.of(new SimpleGrantedAuthority(ADMIN));

	private final ApiKeyGrant grant;

	/**
	 * The authentication of a resolved key.
	 * @param grant what the key may do
	 */
	public ApiKeyAuthentication(ApiKeyGrant grant) {
		super(grant.admin() ? ADMIN_AUTHORITIES : List.of());
		this.grant = grant;
		setAuthenticated(true);
	}

	@Override
	public Object getCredentials() {
		// the key itself is not kept once resolved
		return "";
	}

	@Override
	public ApiKeyGrant getPrincipal() {
		return this.grant;
	}

	@Override
	public String getName() {
		return this.grant.keyPrefix();
	}

}
