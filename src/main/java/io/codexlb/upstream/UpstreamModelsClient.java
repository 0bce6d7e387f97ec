package io.codexlb.upstream;

import java.net.URI;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Reads an account's Codex model list: {@code GET
 * {base-url}/codex/models?client_version=...}, authenticated as the Codex CLI is. The
 * token goes in a header only, never in the URL.
 */
@Component
public class UpstreamModelsClient {

	static final String ORIGINATOR = "codex_cli_rs";

	private final RestClient http;

	private final JsonMapper jsonMapper;

	private final UpstreamProperties properties;

	private final URI modelsUri;

	private final String userAgent;

	UpstreamModelsClient(RestClient.Builder builder, JsonMapper jsonMapper, UpstreamProperties properties) {
		this.http = UpstreamHttp.restClient(builder, properties);
		this.jsonMapper = jsonMapper;
		this.properties = properties;
		this.modelsUri = UriComponentsBuilder.fromUri(properties.baseUrl())
			.path("/codex/models")
			.queryParam("client_version", properties.clientVersion())
			.build()
			.toUri();
		this.userAgent = ORIGINATOR + "/" + properties.clientVersion() + " (codex-lb)";
	}

	/**
	 * Fetches the model list of one account.
	 * @param accessToken the account's access token
	 * @param chatgptAccountId the account's ChatGPT account id
	 * @return the outcome; never throws for a network or HTTP failure
	 */
	public UpstreamModels fetch(String accessToken, String chatgptAccountId) {
		try {
			return this.http.get()
				.uri(this.modelsUri)
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + accessToken)
				.header("chatgpt-account-id", chatgptAccountId)
				.header("originator", ORIGINATOR)
				.header(HttpHeaders.USER_AGENT, this.userAgent)
				.accept(MediaType.APPLICATION_JSON)
				.exchange((request, response) -> {
					int status = response.getStatusCode().value();
					if (status == 401) {
						return new UpstreamModels.Unauthorized();
					}
					if (status != 200) {
						return new UpstreamModels.Failed("upstream answered HTTP " + status);
					}
					byte[] body = UpstreamHttp.readBounded(response.getBody(),
							this.properties.maxResponseSize().toBytes());
					try {
						return new UpstreamModels.Fetched(this.jsonMapper.readTree(body));
					}
					catch (JacksonException ex) {
						return new UpstreamModels.Failed("upstream answer is not valid JSON");
					}
				});
		}
		catch (RestClientException ex) {
			return new UpstreamModels.Failed(UpstreamHttp.reason(ex, this.properties));
		}
	}

}
