package io.codexlb.web;

import java.util.List;

/**
 * The routes of the models endpoint: the Codex path and the two OpenAI-compatible paths.
 * Each lists the models, and names one model below it ({@code /v1/models/{id}}).
 */
public final class ModelRoutes {

	/**
	 * The list routes, which are also the servlet path of every request to a models
	 * route.
	 */
	public static final List<String> LISTS = List.of("/backend-api/codex/models", "/v1/models",
			"/backend-api/codex/v1/models");

	/**
	 * The servlet URL patterns of the models routes: each list route, and the models
	 * below it.
	 */
	public static final List<String> URL_PATTERNS = LISTS.stream()
		.flatMap((route) -> List.of(route, route + "/*").stream())
		.toList();

	private ModelRoutes() {
	}

	/**
	 * Whether a request is for a models route, by the servlet path the container mapped
	 * it to (so the container's own path normalization decides, not a second parser).
	 * @param servletPath the request's servlet path
	 * @return whether it is a models route
	 */
	public static boolean isModelRoute(String servletPath) {
		return LISTS.contains(servletPath);
	}

}
