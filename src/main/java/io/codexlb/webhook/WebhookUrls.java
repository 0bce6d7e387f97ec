package io.codexlb.webhook;

import java.net.URI;
import java.net.URISyntaxException;

import org.jspecify.annotations.Nullable;

/**
 * A webhook URL as it may be shown: without its user information and query string, either
 * of which may hold a credential.
 */
final class WebhookUrls {

	private WebhookUrls() {
	}

	static String shown(@Nullable String url) {
		if (url == null) {
			return "null";
		}
		try {
			URI uri = new URI(url);
			if (uri.getScheme() == null || uri.getHost() == null) {
				return "<not a URL>";
			}
			return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), null, null).toString();
		}
		catch (URISyntaxException ex) {
			return "<not a URL>";
		}
	}

}
