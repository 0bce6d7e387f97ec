package io.codexlb.admin.console;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.codexlb.CodexLbApplication;
import io.codexlb.support.Http;
import io.codexlb.support.Postgres;
import io.codexlb.support.ServiceArguments;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Console sessions live in the shared database: a sign-in on one instance works on every
 * instance sharing the PostgreSQL database, forms included, and a sign-out on one ends it
 * on all. And the console can be turned off.
 */
class ConsoleReplicasTest {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final String ADMIN_KEY = "sk-clb-" + "c".repeat(43);

	@TempDir(cleanup = CleanupMode.ON_SUCCESS)
	Path workDir;

	private final List<ConfigurableApplicationContext> instances = new ArrayList<>();

	@AfterEach
	void stop() {
		this.instances.forEach(ConfigurableApplicationContext::close);
	}

	@Test
	void sessionMadeOnOneInstanceShouldWorkOnTheOtherUntilSignedOutOnEither() {
		String database = Postgres.freshDatabase();
		Http a = Http.of(start(arguments(database, "a")));
		Http b = Http.of(start(arguments(database, "b")));
		JsonNode key = json
			.readTree(a.json("POST", "/api/api-keys", ADMIN_KEY, "{\"name\":\"replicated-" + UUID.randomUUID() + "\"}")
				.body());
		String id = key.get("id").asString();

		ConsoleClient onA = new ConsoleClient(a).signIn(ADMIN_KEY);
		ConsoleClient onB = onA.on(b);
		HttpResponse<byte[]> overview = onB.get("/console/");
		assertThat(overview.statusCode()).isEqualTo(200);
		assertThat(Http.text(overview)).contains(ADMIN_KEY.substring(0, 12));
		// a form of a page served by one instance, posted to the other
		String token = ConsoleClient.csrfToken(Http.text(onA.get("/console/keys/" + id)));
		HttpResponse<byte[]> disabled = onB.post("/console/keys/" + id + "/disable", Map.of("_csrf", token));
		assertThat(disabled.statusCode()).isEqualTo(302);
		assertThat(json.readTree(a.get("/api/api-keys/" + id, ADMIN_KEY).body()).get("is_active").asBoolean())
			.isFalse();

		HttpResponse<byte[]> signedOut = onB.submit("/console/", "/console/sign-out", Map.of());
		assertThat(signedOut.statusCode()).isEqualTo(302);
		HttpResponse<byte[]> afterSignOut = onA.get("/console/");
		assertThat(afterSignOut.statusCode()).as("the session ended on B, asked on A").isEqualTo(302);
		assertThat(afterSignOut.headers().firstValue("Location"))
			.hasValueSatisfying((location) -> assertThat(location).endsWith("/console/sign-in"));
	}

	@Test
	void disabledConsoleShouldServeNoPageAndLeaveTheApiAsItIs() {
		Http service = Http
			.of(start(arguments(Postgres.freshDatabase(), "off").with("codex-lb.console.enabled", false)));
		assertThat(service.get("/console/sign-in", ADMIN_KEY).statusCode()).isEqualTo(404);
		assertThat(service.get("/console/assets/console.css", ADMIN_KEY).statusCode()).isEqualTo(404);
		assertThat(service.get("/console/sign-in", "sk-clb-" + "d".repeat(43)).statusCode()).isEqualTo(401);
		assertThat(service.get("/api/api-keys", ADMIN_KEY).statusCode()).isEqualTo(200);
	}

	private ServiceArguments arguments(String database, String name) {
		return ServiceArguments.onLoopback()
			.dataDir(this.workDir.resolve(name))
			.postgres(database)
			.noUpstream()
			.with("codex-lb.admin-key", ADMIN_KEY)
			.with("codex-lb.encryption-key", "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=");
	}

	private ConfigurableApplicationContext start(ServiceArguments arguments) {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(CodexLbApplication.class)
			.run(arguments.toArray());
		this.instances.add(context);
		return context;
	}

}
