package io.codexlb.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A real HTTP client on loopback for end-to-end tests.
 */
public final class Http {

	private static final JsonMapper PAGES = JsonMapper.builder().build();

	private static final HttpClient client = HttpClient.newBuilder()
		.connectTimeout(Duration.ofSeconds(5))
		.version(HttpClient.Version.HTTP_1_1)
		.build();

	private static final Pattern ISSUED_KEY = Pattern.compile("\"key\":\"(sk-clb-[A-Za-z0-9_-]{43})\"");

	private final String baseUrl;

	public Http(int port) {
		this.baseUrl = "http://127.0.0.1:" + port;
	}

	/**
	 * A client of the API port of a running application.
	 * @param context the application
	 * @return the client
	 */
	public static Http of(ConfigurableApplicationContext context) {
		return new Http(((WebServerApplicationContext) context).getWebServer().getPort());
	}

	/**
	 * Picks a free port on loopback.
	 * @return the port
	 */
	public static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create(this.baseUrl + path)).timeout(Duration.ofSeconds(20));
	}

	public HttpResponse<byte[]> send(HttpRequest request) {
		request.headers().allValues("Authorization").forEach(Secrets::registerBearer);
		try {
			HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
			checkForSecrets(request.method() + " " + request.uri().getPath(), response.headers().map(),
					response.body());
			return response;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	public HttpResponse<byte[]> get(String path, String key) {
		return send(request(path).header("Authorization", "Bearer " + key).GET().build());
	}

	public HttpResponse<byte[]> json(String method, String path, String key, String body) {
		return send(request(path).header("Authorization", "Bearer " + key)
			.header("Content-Type", "application/json")
			.method(method, HttpRequest.BodyPublishers.ofString(body))
			.build());
	}

	/**
	 * Registers the key of a creation or regeneration answer (the one place a key may
	 * appear, once), and fails on any other secret in the answer.
	 * @param request the request, for the failure message
	 * @param headers the response headers
	 * @param body the response body
	 */
	static void checkForSecrets(String request, Map<String, List<String>> headers, byte[] body) {
		String text = new String(body, StandardCharsets.UTF_8);
		Matcher issued = ISSUED_KEY.matcher(text);
		if (issued.find() && headers.getOrDefault("cache-control", List.of()).contains("no-store")) {
			Secrets.register(issued.group(1));
			text = text.replace(issued.group(1), "<the issued key>");
		}
		Secrets.check(text + " " + headers, "response to " + request);
	}

	/**
	 * Every record of a paged admin list, following {@code last_id} while
	 * {@code has_more}, newest first.
	 * @param path the list, such as {@code /api/api-keys}, without a query
	 * @param key the admin key
	 * @return the records
	 */
	public List<JsonNode> all(String path, String key) {
		List<JsonNode> records = new ArrayList<>();
		String after = null;
		while (true) {
			HttpResponse<byte[]> response = get(path + "?limit=1000" + ((after != null) ? "&after=" + after : ""), key);
			if (response.statusCode() != 200) {
				throw new AssertionError("GET " + path + ": " + response.statusCode() + " " + text(response));
			}
			JsonNode page = PAGES.readTree(response.body());
			page.get("data").forEach(records::add);
			if (!page.get("has_more").asBoolean()) {
				return records;
			}
			after = page.get("last_id").asString();
		}
	}

	public static String text(HttpResponse<byte[]> response) {
		return new String(response.body(), StandardCharsets.UTF_8);
	}

}
