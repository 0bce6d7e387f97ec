package io.codexlb.upstream;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Refreshes an account's tokens at {@code POST {auth-base-url}/oauth/token}, as the Codex
 * CLI does.
 */
@Component
public class OAuthTokenClient {

	private static final int MAX_ERROR_CODE_LENGTH = 64;

	private final RestClient http;

	private final JsonMapper jsonMapper;

	private final UpstreamProperties properties;

	private final URI tokenUri;

	OAuthTokenClient(RestClient.Builder builder, JsonMapper jsonMapper, UpstreamProperties properties) {
		this.http = UpstreamHttp.restClient(builder, properties);
		this.jsonMapper = jsonMapper;
		this.properties = properties;
		this.tokenUri = UriComponentsBuilder.fromUri(properties.authBaseUrl()).path("/oauth/token").build().toUri();
	}

	/**
	 * Exchanges a refresh token for new tokens.
	 * @param refreshToken the current refresh token
	 * @return the outcome; never throws for a network or HTTP failure
	 */
	public TokenRefresh refresh(String refreshToken) {
		Map<String, String> request = new LinkedHashMap<>();
		request.put("client_id", this.properties.clientId());
		request.put("grant_type", "refresh_token");
		request.put("refresh_token", refreshToken);
		request.put("scope", "openid profile email");
		try {
			return this.http.post()
				.uri(this.tokenUri)
				.contentType(MediaType.APPLICATION_JSON)
				.accept(MediaType.APPLICATION_JSON)
				.header(HttpHeaders.USER_AGENT, UpstreamModelsClient.ORIGINATOR + " (codex-lb)")
				.body(this.jsonMapper.writeValueAsBytes(request))
				.exchange((httpRequest, response) -> {
					int status = response.getStatusCode().value();
					byte[] body = UpstreamHttp.readBounded(response.getBody(), 1024 * 1024);
					JsonNode json = parse(body);
					if (status == 400 || status == 401) {
						return new TokenRefresh.Refused(errorCode(json, status));
					}
					if (status != 200) {
						return new TokenRefresh.Failed("token endpoint answered HTTP " + status);
					}
					String accessToken = text(json, "access_token");
					if (accessToken == null) {
						return new TokenRefresh.Failed("token endpoint answer has no access_token");
					}
					String rotated = text(json, "refresh_token");
					String idToken = text(json, "id_token");
					if (!wellFormed(accessToken) || (rotated != null && !wellFormed(rotated))
							|| (idToken != null && !wellFormed(idToken))) {
						return new TokenRefresh.Failed("token endpoint answer has a malformed token");
					}
					return new TokenRefresh.Refreshed(accessToken, rotated, idToken);
				});
		}
		catch (RestClientException ex) {
			return new TokenRefresh.Failed(UpstreamHttp.reason(ex, this.properties));
		}
	}

	// a token goes into an HTTP header and a database column: printable ASCII, bounded
	private static boolean wellFormed(String token) {
		return token.length() <= 14_000 && token.chars().allMatch((c) -> c > ' ' && c < 127);
	}

	private @Nullable JsonNode parse(byte[] body) {
		try {
			return this.jsonMapper.readTree(body);
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	// only the OAuth error code: a description could echo what was sent
	private static String errorCode(@Nullable JsonNode json, int status) {
		String error = text(json, "error");
		if (error == null && json != null && json.get("error") != null) {
			error = text(json.get("error"), "code");
		}
		if (error == null || error.length() > MAX_ERROR_CODE_LENGTH || !error.matches("[A-Za-z0-9_.-]+")) {
			return "HTTP " + status;
		}
		return error;
	}

	private static @Nullable String text(@Nullable JsonNode json, String field) {
		JsonNode value = (json != null) ? json.get(field) : null;
		return (value != null && value.isString() && !value.stringValue().isEmpty()) ? value.stringValue() : null;
	}

}
