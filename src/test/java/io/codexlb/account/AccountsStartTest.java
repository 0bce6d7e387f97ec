package io.codexlb.account;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import io.codexlb.CodexLbApplication;
import io.codexlb.support.Http;
import io.codexlb.support.ServiceArguments;
import io.codexlb.support.TestJwts;
import io.codexlb.support.UpstreamStandIn;
import org.junit.jupiter.api.AfterEach;
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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Starts and restarts the real application with accounts: the stored catalog served with
 * the upstream down, the encryption key checked at start, accounts declared in
 * configuration.
 */
@ExtendWith(OutputCaptureExtension.class)
class AccountsStartTest {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final String ACCESS_TOKEN = TestJwts.accessToken("restart", Instant.now().plusSeconds(3600));

	@TempDir(cleanup = CleanupMode.ON_SUCCESS)
	Path workDir;

	private final UpstreamStandIn upstream = new UpstreamStandIn().start();

	@AfterEach
	void stopUpstream() {
		this.upstream.stop();
	}

	@Test
	void restartWhenUpstreamDownShouldServeTheStoredCatalog() {
		Path dataDir = this.workDir.resolve("data");
		this.upstream.models(ACCESS_TOKEN, UpstreamStandIn.json(200,
				"{\"models\":[{\"slug\":\"stored-model\",\"display_name\":\"Stored\",\"priority\":3}]}"));
		String before;
		try (ConfigurableApplicationContext context = start(dataDir)) {
			String adminKey = adminKey(dataDir);
			HttpResponse<byte[]> added = Http.of(context).json("POST", "/api/accounts", adminKey, authJson());
			assertThat(added.statusCode()).isEqualTo(201);
			assertThat(Http.of(context).json("POST", "/api/catalog/refresh", adminKey, "").statusCode()).isEqualTo(200);
			before = Http.text(Http.of(context).get("/v1/models", adminKey));
			assertThat(before).contains("stored-model");
		}
		this.upstream.stop();
		try (ConfigurableApplicationContext context = start(dataDir)) {
			String adminKey = adminKey(dataDir);
			assertThat(Http.text(Http.of(context).get("/v1/models", adminKey))).isEqualTo(before);
			JsonNode status = json.readTree(Http.of(context).json("POST", "/api/catalog/refresh", adminKey, "").body());
			assertThat(status.get("source").asString()).isEqualTo("upstream");
			assertThat(status.get("accounts").get(0).get("last_error").asString()).contains("connection refused");
			assertThat(Http.text(Http.of(context).get("/v1/models", adminKey))).isEqualTo(before);
		}
	}

	@Test
	void startWhenEncryptionKeyIsNotTheOneTokensWereStoredWithShouldFailClearly(CapturedOutput output)
			throws Exception {
		Path dataDir = this.workDir.resolve("keys");
		try (ConfigurableApplicationContext context = start(dataDir)) {
			assertThat(Http.of(context).json("POST", "/api/accounts", adminKey(dataDir), authJson()).statusCode())
				.isEqualTo(201);
		}
		Path keyFile = dataDir.resolve("encryption-key");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
		String otherKey = Base64.getEncoder().encodeToString(new byte[32]);
		assertThatException().isThrownBy(() -> start(dataDir, "--codex-lb.encryption-key=" + otherKey).close());
		assertReport(output, "The encryption key from codex-lb.encryption-key (CODEX_LB_ENCRYPTION_KEY) is not the "
				+ "key the stored account tokens were encrypted with.", "Configure the original key");
		assertThatException().isThrownBy(() -> start(dataDir, "--codex-lb.encryption-key=c2hvcnQ=").close());
		assertReport(output, "codex-lb.encryption-key (CODEX_LB_ENCRYPTION_KEY) must be 32 bytes",
				"Set codex-lb.encryption-key");
		assertReport(output, "makes), not 5.", "Once account tokens are stored, it must be the key");
		assertThatException().isThrownBy(() -> start(dataDir, "--codex-lb.encryption-key=not*base64").close());
		assertReport(output, "codex-lb.encryption-key (CODEX_LB_ENCRYPTION_KEY) is not valid base64.",
				"openssl rand -base64 32");
		String original = Files.readString(keyFile).strip();
		Files.writeString(keyFile, "\n");
		assertThatException().isThrownBy(() -> start(dataDir).close());
		assertReport(output, "The encryption key from " + keyFile + " is empty.", "Restore " + keyFile);
		assertThat(keyFile).hasContent("\n");
		Files.delete(keyFile);
		assertThatException().isThrownBy(() -> start(dataDir).close());
		assertReport(output, "Account tokens are stored encrypted, but no encryption key is configured",
				"Restore " + keyFile + " from a backup");
		try (ConfigurableApplicationContext context = start(dataDir, "--codex-lb.encryption-key=" + original)) {
			JsonNode accounts = json.readTree(Http.of(context).get("/api/accounts", adminKey(dataDir)).body());
			assertThat(accounts.get("data").size()).isEqualTo(1);
		}
		assertThat(output.getAll()).doesNotContain(original).doesNotContain(ACCESS_TOKEN);
	}

	@Test
	void encryptionKeyRotationAsTheReadmeDescribesShouldWork() throws Exception {
		Path dataDir = this.workDir.resolve("rotation");
		String oldKey = Base64.getEncoder().encodeToString(new byte[32]).replace("AAAA", "AQID");
		String newKey = Base64.getEncoder().encodeToString("a new 32-byte key for the tokens".getBytes());
		TestJwts.secret(oldKey);
		TestJwts.secret(newKey);
		try (ConfigurableApplicationContext context = start(dataDir, "--codex-lb.encryption-key=" + oldKey)) {
			Http http = Http.of(context);
			HttpResponse<byte[]> added = http.json("POST", "/api/accounts", adminKey(dataDir), authJson());
			assertThat(added.statusCode()).isEqualTo(201);
			// the procedure: remove every account, restart with the new key, add them
			// again
			String id = json.readTree(added.body()).get("id").asString();
			assertThat(http
				.send(http.request("/api/accounts/" + id)
					.header("Authorization", "Bearer " + adminKey(dataDir))
					.DELETE()
					.build())
				.statusCode()).isEqualTo(200);
		}
		try (ConfigurableApplicationContext context = start(dataDir, "--codex-lb.encryption-key=" + newKey)) {
			assertThat(Http.of(context).json("POST", "/api/accounts", adminKey(dataDir), authJson()).statusCode())
				.isEqualTo(201);
		}
		// from now on the new key is the one the tokens are stored with
		assertThatException().isThrownBy(() -> start(dataDir, "--codex-lb.encryption-key=" + oldKey).close());
	}

	@Test
	void startWhenKeyFileLostButNoTokenStoredShouldGenerateANewKey() throws Exception {
		Path dataDir = this.workDir.resolve("no-tokens");
		start(dataDir).close();
		String first = Files.readString(dataDir.resolve("encryption-key"));
		Files.delete(dataDir.resolve("encryption-key"));
		try (ConfigurableApplicationContext context = start(dataDir)) {
			assertThat(Files.readString(dataDir.resolve("encryption-key"))).isNotEqualTo(first);
			assertThat(Http.of(context).json("POST", "/api/accounts", adminKey(dataDir), authJson()).statusCode())
				.isEqualTo(201);
		}
	}

	@Test
	void declaredAccountsShouldBeImportedOnceAndInvalidFilesNamed(CapturedOutput output) throws Exception {
		Path dataDir = this.workDir.resolve("declared");
		Path authFile = this.workDir.resolve("auth.json");
		Files.writeString(authFile, authJson());
		String declared = "--codex-lb.accounts[0].auth-file=" + authFile;
		for (int run = 0; run < 2; run++) {
			try (ConfigurableApplicationContext context = start(dataDir, declared,
					"--codex-lb.accounts[0].name=from-config")) {
				JsonNode accounts = json.readTree(Http.of(context).get("/api/accounts", adminKey(dataDir)).body());
				assertThat(accounts.get("data").size()).isEqualTo(1);
				assertThat(accounts.get("data").get(0).get("name").asString()).isEqualTo("from-config");
			}
		}
		Path broken = this.workDir.resolve("broken.json");
		Files.writeString(broken, "{\"tokens\":{\"access_token\":\"a\"}}");
		assertThatException().isThrownBy(() -> start(dataDir, "--codex-lb.accounts[0].auth-file=" + broken).close());
		assertReport(output, "codex-lb.accounts[0].auth-file: " + broken + " is not a Codex CLI auth.json",
				"Point codex-lb.accounts[0].auth-file at a Codex CLI auth.json");
	}

	// the last failure report printed: Spring Boot's, with the description and action
	private static void assertReport(CapturedOutput output, String description, String action) {
		String all = output.getAll();
		String report = all.substring(all.lastIndexOf("APPLICATION FAILED TO START"));
		assertThat(report.substring(report.indexOf("Description:"), report.indexOf("Action:"))).contains(description);
		assertThat(report.substring(report.indexOf("Action:"))).contains(action);
	}

	private String authJson() {
		return TestJwts.authJson("acct-restart", ACCESS_TOKEN, "refresh-restart",
				TestJwts.idToken("user-restart", "restart@example.com", "plus"));
	}

	private ConfigurableApplicationContext start(Path dataDir, String... extra) {
		List<String> args = ServiceArguments.onLoopback()
			.dataDir(dataDir)
			.upstream(this.upstream)
			.with("codex-lb.upstream.connect-timeout", "5s")
			.with("codex-lb.upstream.read-timeout", "5s")
			.toList();
		args.addAll(List.of(extra));
		return new SpringApplicationBuilder(CodexLbApplication.class).run(args.toArray(String[]::new));
	}

	private static String adminKey(Path dataDir) {
		try {
			return Files.readString(dataDir.resolve("admin-key")).strip();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
