package io.codexlb.bench.scale;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Accounts through the admin API, and timed catalog rounds.
 */
final class Accounts {

	// 2100-01-01: the access tokens never need a refresh during the benchmark
	private static final long FAR_EXPIRY = 4102444800L;

	private static final Pattern MODEL_COUNT = Pattern.compile("\"model_count\"\\s*:\\s*(\\d+)");

	private static final Pattern LAST_ERROR = Pattern.compile("\"last_error\"\\s*:\\s*\"");

	private Accounts() {
	}

	/**
	 * Adds accounts {@code --from} (inclusive) to {@code --to} (exclusive) with
	 * {@code POST /api/accounts}: the auth.json of a Codex CLI login, unsigned JWTs as
	 * the tests' TestJwts makes them.
	 */
	static void add(Scale.Options options) throws Exception {
		HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
		URI uri = URI.create(options.get("url") + "/api/accounts");
		String adminKey = options.get("admin-key");
		int from = options.integer("from");
		int to = options.integer("to");
		long started = System.nanoTime();
		for (int i = from; i < to; i++) {
			String tag = "bench-" + i;
			String access = jwt("{\"sub\":\"user-" + tag + "\",\"exp\":" + FAR_EXPIRY + ",\"jti\":\"" + tag + "\"}");
			String id = jwt("{\"sub\":\"user-" + tag + "\",\"email\":\"" + tag
					+ "@example.com\",\"https://api.openai.com/auth\":{\"chatgpt_plan_type\":\"pro\"}}");
			String body = "{\"OPENAI_API_KEY\":null,\"tokens\":{\"id_token\":\"" + id + "\",\"access_token\":\"" + access
					+ "\",\"refresh_token\":\"rt-" + tag + "\",\"account_id\":\"acct-" + tag
					+ "\"},\"last_refresh\":\"2026-01-15T09:00:00Z\"}";
			HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri)
				.header("Authorization", "Bearer " + adminKey)
				.header("Content-Type", "application/json")
				.timeout(Duration.ofSeconds(60))
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.build(), HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 201) {
				throw new IllegalStateException(
						"POST /api/accounts answered " + response.statusCode() + ": " + response.body());
			}
		}
		System.out.printf("add-accounts: added accounts %d to %d in %.1f s%n", from, to - 1,
				(System.nanoTime() - started) / 1e9);
	}

	/**
	 * {@code --count} catalog rounds, one after the other, each timed from the
	 * {@code POST /api/catalog/refresh} to its answer (the answer comes when a round
	 * that started after the request has finished); the first {@code --warmup} ones
	 * are not recorded (they may wait for a round the account additions started).
	 */
	static void refresh(Scale.Options options) throws Exception {
		HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
		HttpRequest request = HttpRequest.newBuilder(URI.create(options.get("url") + "/api/catalog/refresh"))
			.header("Authorization", "Bearer " + options.get("admin-key"))
			.header("Content-Type", "application/json")
			.timeout(Duration.ofMinutes(15))
			.POST(HttpRequest.BodyPublishers.noBody())
			.build();
		int warmup = options.integer("warmup", 1);
		int count = options.integer("count", 2);
		Scale.Tsv tsv = Scale.Tsv.of(options);
		double longest = 0;
		double sum = 0;
		String body = "";
		for (int i = 0; i < warmup + count; i++) {
			long start = System.nanoTime();
			HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
			double seconds = (System.nanoTime() - start) / 1e9;
			body = response.body();
			System.out.printf("refresh %s%d: %d in %.2f s%n", (i < warmup) ? "warm-up " : "", i + 1,
					response.statusCode(), seconds);
			if (response.statusCode() != 200) {
				tsv.put("refresh_failures", 1);
				continue;
			}
			if (i >= warmup) {
				longest = Math.max(longest, seconds);
				sum += seconds;
			}
		}
		// the accounts array only: the status's own model_count comes before it
		int accountsAt = body.indexOf("\"accounts\":");
		int modelsAt = body.lastIndexOf("\"models\":");
		String accounts = (accountsAt >= 0) ? body.substring(accountsAt, (modelsAt > accountsAt) ? modelsAt : body.length())
				: "";
		int withList = 0;
		Matcher counts = MODEL_COUNT.matcher(accounts);
		while (counts.find()) {
			if (Integer.parseInt(counts.group(1)) > 0) {
				withList++;
			}
		}
		int failing = 0;
		Matcher errors = LAST_ERROR.matcher(accounts);
		while (errors.find()) {
			failing++;
		}
		System.out.printf("refresh: longest round %.2f s, mean %.2f s; %d accounts with a list, %d whose last fetch failed%n",
				longest, sum / count, withList, failing);
		tsv.put("round_s", longest);
		tsv.put("round_mean_s", sum / count);
		tsv.put("accounts_with_list", withList);
		tsv.put("accounts_last_fetch_failed", failing);
	}

	private static String jwt(String claims) {
		Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
		return encoder.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
				+ encoder.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + "."
				+ encoder.encodeToString("signature".getBytes(StandardCharsets.UTF_8));
	}

}
