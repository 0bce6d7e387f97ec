package io.codexlb.webhook;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.codexlb.catalog.CatalogChange;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The webhook settings and the pieces of a delivery that need no server: the backoff, the
 * URL as shown, the signature, and a settings record that never prints its secret.
 */
class WebhookSettingsTest {

	@Test
	void backoffShouldDoubleFromTheInitialWaitUpToTheMaximum() {
		WebhookDeliveryProperties properties = new WebhookDeliveryProperties(Duration.ofSeconds(1),
				Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofMinutes(1), 8, Duration.ofDays(30));
		assertThat(List.of(1, 2, 3, 4, 5, 100).stream().map(properties::backoff).toList()).containsExactly(
				Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(40), Duration.ofMinutes(1),
				Duration.ofMinutes(1), Duration.ofMinutes(1));
	}

	@Test
	void shownUrlShouldDropUserInformationAndQuery() {
		assertThat(WebhookUrls.shown("https://user:pass@hooks.example.com:8443/in/codex?token=abc#x"))
			.isEqualTo("https://hooks.example.com:8443/in/codex");
		assertThat(WebhookUrls.shown("http://127.0.0.1/hook")).isEqualTo("http://127.0.0.1/hook");
		assertThat(WebhookUrls.shown("not a url")).isEqualTo("<not a URL>");
	}

	@Test
	void signatureShouldBeTheHexHmacSha256OfTheBody() {
		// RFC 4231, test case 2
		assertThat(WebhookSignature.of("what do ya want for nothing?".getBytes(StandardCharsets.UTF_8), "Jefe"))
			.isEqualTo("sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
	}

	@Test
	void webhookWhenPrintedShouldHideItsSecretAndTheUrlsQuery() {
		WebhookProperties.Webhook webhook = new WebhookProperties.Webhook("https://hooks.example.com/in?key=q1w2e3r4",
				"the-secret-of-the-hook", List.of("model_added"));
		assertThat(webhook.toString()).doesNotContain("the-secret-of-the-hook")
			.doesNotContain("q1w2e3r4")
			.contains("<hidden>");
		assertThat(new WebhookProperties(List.of(webhook)).toString()).doesNotContain("the-secret-of-the-hook");
	}

	@Test
	void twoWebhooksWithOneUrlShouldBeRefused() {
		WebhookProperties.Webhook one = new WebhookProperties.Webhook("https://hooks.example.com/in", "one-secret",
				List.of("model_added"));
		WebhookProperties.Webhook two = new WebhookProperties.Webhook("https://hooks.example.com/in", "two-secret",
				List.of("model_removed"));
		assertThatIllegalArgumentException().isThrownBy(() -> new WebhookProperties(List.of(one, two)))
			.withMessageContaining("https://hooks.example.com/in")
			.withMessageNotContaining("one-secret")
			.withMessageNotContaining("two-secret");
	}

	@Test
	void urlThatTheSenderCouldNotParseShouldBeRefused() {
		WebhookProperties.Webhook pipe = new WebhookProperties.Webhook("http://hooks.example.com/a|b", "pipe-secret",
				List.of("model_added"));
		assertThatIllegalArgumentException().isThrownBy(() -> new WebhookProperties(List.of(pipe)))
			.withMessageContaining("is not a valid URI")
			.withMessageNotContaining("pipe-secret");
	}

	@Test
	void webhookWithoutEventsShouldReceiveEveryEventTheChangeHistoryRecords() {
		Binder binder = new Binder(new MapConfigurationPropertySource(Map.of("codex-lb.webhooks[0].url",
				"https://hooks.example.com/in", "codex-lb.webhooks[0].secret", "s")));
		WebhookProperties properties = binder.bind("codex-lb", WebhookProperties.class).get();
		assertThat(properties.webhooks().get(0).events()).containsExactlyElementsOf(CatalogChange.EVENTS);
	}

}
