package io.codexlb.upstream;

import java.net.URI;
import java.time.Duration;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Where and how the service calls the ChatGPT backend.
 *
 * @param baseUrl the backend base URL; the model list is at
 * {@code {baseUrl}/codex/models}
 * @param authBaseUrl the OAuth server; tokens are refreshed at
 * {@code {authBaseUrl}/oauth/token}
 * @param clientVersion the Codex CLI version announced to the backend, which leaves out
 * models that need a newer client; keep it recent
 * @param clientId the OAuth client id of the Codex CLI, whose tokens the accounts hold
 * @param connectTimeout how long to wait for a connection
 * @param readTimeout how long to wait for data on an open connection
 * @param maxResponseSize the largest answer read; a larger one is a failed fetch
 * @param tokenRefreshMargin how long before its expiry an access token is refreshed
 */
@Validated
@ConfigurationProperties("codex-lb.upstream")
public record UpstreamProperties(@NotNull @DefaultValue("https://chatgpt.com/backend-api") URI baseUrl,
		@NotNull @DefaultValue("https://auth.openai.com") URI authBaseUrl,
		@NotBlank @DefaultValue("0.169.0") String clientVersion,
		@NotBlank @DefaultValue("app_EMoamEEZ73f0CkXaXp7hrann") String clientId,
		@NotNull @DefaultValue("5s") Duration connectTimeout, @NotNull @DefaultValue("20s") Duration readTimeout,
		@NotNull @DefaultValue("16MB") DataSize maxResponseSize,
		@NotNull @DefaultValue("5m") Duration tokenRefreshMargin) {

	/**
	 * The longest one upstream call can take, connecting and reading included.
	 * @return the connect timeout plus twice the read timeout
	 */
	public Duration callDeadline() {
		return this.connectTimeout.plus(this.readTimeout.multipliedBy(2));
	}

}
