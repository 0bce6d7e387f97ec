package io.codexlb.support;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * A real HTTP stand-in on loopback for the ChatGPT backend and its OAuth server, on a
 * fixed free port so that it can be stopped (connection refused) and started again.
 */
public final class UpstreamStandIn {

	public static final String MODELS_PATH = "/backend-api/codex/models";

	public static final String TOKEN_PATH = "/oauth/token";

	private final int port = Http.freePort();

	private WireMockServer server = newServer();

	public UpstreamStandIn start() {
		if (!this.server.isRunning()) {
			this.server = newServer();
			this.server.start();
		}
		return this;
	}

	public void stop() {
		this.server.stop();
	}

	public WireMockServer server() {
		return this.server;
	}

	public String baseUrl() {
		return "http://127.0.0.1:" + this.port + "/backend-api";
	}

	public String authBaseUrl() {
		return "http://127.0.0.1:" + this.port;
	}

	/**
	 * Answers the models request of one access token.
	 * @param accessToken the token
	 * @param response the answer
	 */
	public void models(String accessToken, ResponseDefinitionBuilder response) {
		this.server.stubFor(modelsRequest(accessToken).willReturn(response));
	}

	public static MappingBuilder modelsRequest(String accessToken) {
		return get(urlPathEqualTo(MODELS_PATH)).withHeader("Authorization", equalTo("Bearer " + accessToken));
	}

	/**
	 * Answers the token refresh of one refresh token.
	 * @param refreshToken the refresh token sent
	 * @param response the answer
	 */
	public void tokenRefresh(String refreshToken, ResponseDefinitionBuilder response) {
		this.server.stubFor(post(urlPathEqualTo(TOKEN_PATH))
			.withRequestBody(matchingJsonPath("$.refresh_token", equalTo(refreshToken)))
			.willReturn(response));
	}

	public static ResponseDefinitionBuilder json(int status, String body) {
		return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
	}

	private WireMockServer newServer() {
		return new WireMockServer(options().bindAddress("127.0.0.1").port(this.port));
	}

}
