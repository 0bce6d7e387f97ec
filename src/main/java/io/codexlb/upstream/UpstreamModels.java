package io.codexlb.upstream;

import tools.jackson.databind.JsonNode;

/**
 * The outcome of fetching one account's model list.
 */
public sealed interface UpstreamModels {

	/**
	 * The backend answered with a JSON document.
	 *
	 * @param document the parsed answer, shape not yet checked
	 */
	record Fetched(JsonNode document) implements UpstreamModels {

	}

	/**
	 * The backend refused the access token (401).
	 */
	record Unauthorized() implements UpstreamModels {

	}

	/**
	 * The fetch failed: an error status, a timeout, a refused connection, an answer that
	 * is not JSON.
	 *
	 * @param reason why, without any secret
	 */
	record Failed(String reason) implements UpstreamModels {

	}

}
