package io.codexlb.admin.console;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.codexlb.support.Http;
import org.jspecify.annotations.Nullable;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A browser's part in the console, over plain HTTP: the session cookie it was given, the
 * forms' CSRF token, and the address it says it comes from (for an instance behind a
 * proxy, {@code X-Forwarded-For}).
 */
final class ConsoleClient {

	static final String COOKIE = "codex_lb_console";

	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

	private final Http http;

	private final @Nullable String forwardedFor;

	private @Nullable String session;

	ConsoleClient(Http http) {
		this(http, null);
	}

	ConsoleClient(Http http, @Nullable String forwardedFor) {
		this.http = http;
		this.forwardedFor = forwardedFor;
	}

	/**
	 * The same browser against another instance.
	 * @param other the other instance
	 * @return the client, with this one's cookie
	 */
	ConsoleClient on(Http other) {
		ConsoleClient client = new ConsoleClient(other, this.forwardedFor);
		client.session = this.session;
		return client;
	}

	@Nullable String session() {
		return this.session;
	}

	HttpResponse<byte[]> get(String path) {
		return send(request(path).GET());
	}

	/**
	 * Posts a form with the CSRF token of the page it is on.
	 * @param page the page of the form
	 * @param path where the form posts
	 * @param fields the form's fields
	 * @return the answer
	 */
	HttpResponse<byte[]> submit(String page, String path, Map<String, String> fields) {
		HttpResponse<byte[]> form = get(page);
		assertThat(form.statusCode()).as("the page of the form, %s", page).isEqualTo(200);
		Map<String, String> withToken = new LinkedHashMap<>(fields);
		withToken.put("_csrf", csrfToken(Http.text(form)));
		return post(path, withToken);
	}

	HttpResponse<byte[]> post(String path, Map<String, String> fields) {
		String body = fields.entrySet()
			.stream()
			.map((field) -> encode(field.getKey()) + "=" + encode(field.getValue()))
			.collect(Collectors.joining("&"));
		return send(request(path).header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(body)));
	}

	/**
	 * Signs in, and checks that it worked.
	 * @param key the admin key
	 * @return this client
	 */
	ConsoleClient signIn(String key) {
		HttpResponse<byte[]> signedIn = submit("/console/sign-in", "/console/sign-in", Map.of("key", key));
		assertThat(signedIn.statusCode()).as(Http.text(signedIn)).isEqualTo(302);
		assertThat(signedIn.headers().firstValue("Location"))
			.hasValueSatisfying((location) -> assertThat(location).endsWith("/console/"));
		return this;
	}

	static String csrfToken(String page) {
		Matcher token = CSRF.matcher(page);
		assertThat(token.find()).as("a CSRF token in the page").isTrue();
		return token.group(1);
	}

	static Optional<String> setCookie(HttpResponse<byte[]> response) {
		return response.headers()
			.allValues("Set-Cookie")
			.stream()
			.filter((c) -> c.startsWith(COOKIE + "="))
			.findFirst();
	}

	private HttpRequest.Builder request(String path) {
		HttpRequest.Builder request = this.http.request(path);
		if (this.session != null) {
			request.header("Cookie", COOKIE + "=" + this.session);
		}
		if (this.forwardedFor != null) {
			request.header("X-Forwarded-For", this.forwardedFor);
		}
		return request;
	}

	private HttpResponse<byte[]> send(HttpRequest.Builder request) {
		HttpResponse<byte[]> response = this.http.send(request.build());
		setCookie(response).ifPresent((cookie) -> {
			String value = cookie.substring(COOKIE.length() + 1, cookie.indexOf(';'));
			this.session = value.isEmpty() ? null : value;
		});
		return response;
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
