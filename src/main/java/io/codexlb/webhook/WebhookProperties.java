package io.codexlb.webhook;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The webhooks that receive the catalog's changes.
 *
 * @param webhooks the receivers, each with {@code url}, {@code secret} and {@code events}
 * ({@code codex-lb.webhooks[0].url}); none by default
 */
@Validated
@ConfigurationProperties("codex-lb")
public record WebhookProperties(@Valid @DefaultValue List<Webhook> webhooks) {

	// a scheme, user information, a host (a name, an IPv4 or a bracketed IPv6 address),
	// a port, then the rest
	static final String URL = "(?i)https?://([^/?#\\s@]+@)?(\\[[0-9a-f:.]+\\]|[^/?#\\s@:\\[\\]]+)(:[0-9]{1,5})?"
			+ "([/?#]\\S*)?";

	public WebhookProperties {
		Set<String> urls = new HashSet<>();
		for (Webhook webhook : webhooks) {
			if (webhook.url() != null && !parses(webhook.url())) {
				throw new IllegalArgumentException("The webhook URL " + WebhookUrls.shown(webhook.url())
						+ " is not a valid URI (codex-lb.webhooks)");
			}
			if (webhook.url() != null && !urls.add(webhook.url())) {
				// the URL names the webhook in the outbox: two with one URL would share
				// it
				throw new IllegalArgumentException("Two webhooks have the URL " + WebhookUrls.shown(webhook.url())
						+ "; give each receiver one entry of codex-lb.webhooks");
			}
		}
	}

	// what the sender will build its requests from
	private static boolean parses(String url) {
		try {
			new URI(url);
			return true;
		}
		catch (URISyntaxException ex) {
			return false;
		}
	}

	/**
	 * A receiver of the catalog's changes.
	 *
	 * @param url where the changes are POSTed: an {@code http} or {@code https} URL with
	 * a host
	 * @param secret the key of the {@code X-Codex-LB-Signature} HMAC; never logged or
	 * shown
	 * @param events the events it receives; all of them by default
	 */
	public record Webhook(
			@NotBlank @Size(max = 2048, message = "must be at most 2048 characters") @Pattern(regexp = URL,
					message = "must be an http or https URL with a host") String url,
			@NotBlank(message = "must be set (the key of the signature); it is never shown") String secret,
			@NotEmpty @DefaultValue( {
					"model_added", "model_removed", "model_changed",
					"account_models_changed" }) List<@NotNull @Pattern(
							regexp = "model_added|model_removed|model_changed|account_models_changed",
							message = "must be model_added, model_removed, model_changed or "
									+ "account_models_changed") String> events){

		boolean receives(String event) {
			return this.events.contains(event);
		}

		@Override
		public String toString() {
			return "Webhook[url=" + WebhookUrls.shown(this.url) + ", secret=<hidden>, events=" + this.events + "]";
		}

	}

}
