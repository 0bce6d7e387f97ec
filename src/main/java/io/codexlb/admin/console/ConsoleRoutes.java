package io.codexlb.admin.console;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The console's paths.
 */
final class ConsoleRoutes {

	static final String ROOT = "/console/";

	static final String SIGN_IN = "/console/sign-in";

	static final String ASSETS = "/console/assets/";

	private ConsoleRoutes() {
	}

	static String path(HttpServletRequest request) {
		return request.getRequestURI().substring(request.getContextPath().length());
	}

}
