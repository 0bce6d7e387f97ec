package io.codexlb;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import io.codexlb.support.Http;
import io.codexlb.support.ServiceArguments;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Starts and restarts the real application on its embedded default: the first admin key,
 * the key from the environment, and what survives a restart.
 */
@ExtendWith(OutputCaptureExtension.class)
class EmbeddedDefaultStartTest {

	private static final JsonMapper json = JsonMapper.builder().build();

	@TempDir(cleanup = CleanupMode.ON_SUCCESS)
	Path workDir;

	@Test
	void firstStartShouldWriteAnOwnerOnlyAdminKeyAndLogOnlyItsPath(CapturedOutput output) throws Exception {
		Path dataDir = this.workDir.resolve("data");
		String key;
		long created;
		try (ConfigurableApplicationContext context = start(dataDir, null, FirstDay.class)) {
			Path keyFile = dataDir.resolve("admin-key");
			assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
			assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir))).isEqualTo("rwx------");
			key = Files.readString(keyFile).strip();
			assertThat(key).matches("sk-clb-[A-Za-z0-9_-]{43}");
			assertThat(output.getAll()).contains(keyFile.toString()).doesNotContain(key);
			HttpResponse<byte[]> models = Http.of(context).get("/backend-api/codex/models", key);
			assertThat(models.statusCode()).isEqualTo(200);
			created = firstSeenCreated(models);
			assertThat(created).isEqualTo(FirstDay.NOW.getEpochSecond());
			assertThat(keyCount(context, key)).isEqualTo(1);
		}
		try (ConfigurableApplicationContext context = start(dataDir, null, NextWeek.class)) {
			assertThat(Files.readString(dataDir.resolve("admin-key")).strip()).isEqualTo(key);
			assertThat(keyCount(context, key)).isEqualTo(1);
			HttpResponse<byte[]> models = Http.of(context).get("/backend-api/codex/models", key);
			assertThat(firstSeenCreated(models)).isEqualTo(created);
		}
	}

	@Test
	void adminKeyFromTheEnvironmentShouldBeInstalledInsteadOfAGeneratedOne(CapturedOutput output) {
		Path dataDir = this.workDir.resolve("env-data");
		String key = "sk-clb-" + "k".repeat(43);
		try (ConfigurableApplicationContext context = start(dataDir, key, FirstDay.class)) {
			assertThat(dataDir.resolve("admin-key")).doesNotExist();
			assertThat(Http.of(context).get("/api/api-keys", key).statusCode()).isEqualTo(200);
			assertThat(keyCount(context, key)).isEqualTo(1);
		}
		try (ConfigurableApplicationContext context = start(dataDir, key, FirstDay.class)) {
			assertThat(keyCount(context, key)).isEqualTo(1);
		}
		assertThat(output.getAll()).contains("sk-clb-kkkkk").doesNotContain(key);
	}

	@Test
	void adminKeyFromTheEnvironmentWhenMalformedShouldStopTheStartWithAClearMessage(CapturedOutput output) {
		assertThatException().isThrownBy(() -> start(this.workDir.resolve("bad"), "letmein", FirstDay.class).close());
		assertThat(output.getAll()).contains("APPLICATION FAILED TO START")
			.contains("codex-lb.admin-key (CODEX_LB_ADMIN_KEY) is not a valid API key")
			.contains("Set codex-lb.admin-key (CODEX_LB_ADMIN_KEY) to a key of that format")
			.doesNotContain("letmein");
	}

	@Test
	void restartWhenEveryKeyWasDeletedShouldKeepTheKeyFileAndSayHowToGetANewKey(CapturedOutput output)
			throws Exception {
		Path dataDir = this.workDir.resolve("no-keys");
		Path keyFile = dataDir.resolve("admin-key");
		try (ConfigurableApplicationContext context = start(dataDir, null, FirstDay.class)) {
			Http http = Http.of(context);
			String key = Files.readString(keyFile).strip();
			String id = json.readTree(http.get("/api/api-keys", key).body()).get("data").get(0).get("id").asString();
			assertThat(http
				.send(http.request("/api/api-keys/" + id).header("Authorization", "Bearer " + key).DELETE().build())
				.statusCode()).isEqualTo(200);
		}
		byte[] before = Files.readAllBytes(keyFile);
		assertThatException().isThrownBy(() -> start(dataDir, null, FirstDay.class).close());
		assertThat(output.getAll()).contains("APPLICATION FAILED TO START")
			.contains("No API key is stored, but " + keyFile + " exists")
			.contains("delete " + keyFile + " to have a new one generated into it");
		assertThat(Files.readAllBytes(keyFile)).isEqualTo(before);
		Files.delete(keyFile);
		try (ConfigurableApplicationContext context = start(dataDir, null, FirstDay.class)) {
			String key = Files.readString(keyFile).strip();
			assertThat(key).isNotEqualTo(new String(before).strip());
			assertThat(keyCount(context, key)).isEqualTo(1);
		}
	}

	private static ConfigurableApplicationContext start(Path dataDir, String adminKey, Class<?> clock) {
		// command-line arguments, as an operator would pass them: they win over
		// application.properties
		ServiceArguments args = ServiceArguments.onLoopback()
			.dataDir(dataDir)
			.with("codex-lb.catalog.bootstrap-resource", "classpath:fixtures/upstream-models.json");
		if (adminKey != null) {
			args.with("codex-lb.admin-key", adminKey);
		}
		return new SpringApplicationBuilder(CodexLbApplication.class, clock).run(args.toArray());
	}

	private static int keyCount(ConfigurableApplicationContext context, String adminKey) {
		HttpResponse<byte[]> response = Http.of(context).get("/api/api-keys", adminKey);
		assertThat(response.statusCode()).isEqualTo(200);
		return json.readTree(response.body()).get("data").size();
	}

	private static long firstSeenCreated(HttpResponse<byte[]> models) {
		JsonNode mini = json.readTree(models.body()).get("data").get(1);
		assertThat(mini.get("id").asString()).isEqualTo("gpt-test-mini");
		return mini.get("created").asLong();
	}

	@Configuration(proxyBeanMethods = false)
	static class FirstDay {

		static final Instant NOW = Instant.parse("2026-03-01T08:00:00Z");

		@Bean
		@Primary
		Clock firstDayClock() {
			return Clock.fixed(NOW, ZoneOffset.UTC);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class NextWeek {

		@Bean
		@Primary
		Clock nextWeekClock() {
			return Clock.fixed(FirstDay.NOW.plusSeconds(7 * 86400), ZoneOffset.UTC);
		}

	}

}
