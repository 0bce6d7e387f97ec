package io.codexlb;

import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.codexlb.apikey.ApiKeyFormat;
import io.codexlb.support.Http;
import io.codexlb.support.Secrets;
import io.codexlb.support.ServiceProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * The data directory's disk fills up under the running service on its embedded default:
 * writes are refused with 503 and none that was answered 2xx is lost, cached keys go on
 * being served, the {@code db} health component says DOWN, and once space is back the
 * service writes again on its own, without a restart.
 *
 * <p>
 * The disk is a small tmpfs mounted by the test, which needs root (as CI runs); elsewhere
 * the test is skipped.
 */
class DiskFullTest {

	private static final JsonMapper json = JsonMapper.builder().build();

	@TempDir(cleanup = CleanupMode.ON_SUCCESS)
	Path workDir;

	@Test
	void fullDiskShouldRefuseWritesKeepServingAndRecoverWhenSpaceReturns() throws Exception {
		Path disk = Files.createDirectories(this.workDir.resolve("disk"));
		assumeThat(run("mount", "-t", "tmpfs", "-o", "size=6m", "tmpfs", disk.toString()))
			.as("mounting a tmpfs needs root")
			.isZero();
		Path dataDir = disk.resolve("data");
		Path log = this.workDir.resolve("service.log");
		String adminKey = ApiKeyFormat.generate();
		Secrets.register(adminKey);
		try {
			List<String> answeredIds = new ArrayList<>();
			try (ServiceProcess service = ServiceProcess.startReady(dataDir, log, "--codex-lb.admin-key=" + adminKey)) {
				Http http = service.http();
				Http management = service.management();
				HttpResponse<byte[]> created = createKey(http, adminKey, "cached");
				assertThat(created.statusCode()).isEqualTo(201);
				answeredIds.add(json.readTree(created.body()).get("id").asString());
				String cachedKey = json.readTree(created.body()).get("key").asString();
				HttpResponse<byte[]> before = http.get("/v1/models", cachedKey);
				assertThat(before.statusCode()).isEqualTo(200);

				Path filler = fill(disk);
				int refused = 0;
				int refusedInARow = 0;
				for (int i = 0; i < 300 && refusedInARow < 5; i++) {
					HttpResponse<byte[]> response = createKey(http, adminKey, "while-full-" + i);
					if (response.statusCode() == 201) {
						answeredIds.add(json.readTree(response.body()).get("id").asString());
						refusedInARow = 0;
					}
					else {
						assertThat(response.statusCode()).as(Http.text(response)).isEqualTo(503);
						JsonNode error = json.readTree(response.body()).get("error");
						assertThat(error.get("type").asString()).isEqualTo("service_unavailable");
						refused++;
						refusedInARow++;
					}
				}
				assertThat(refused).as("writes refused on the full disk").isPositive();

				HttpResponse<byte[]> cachedDuring = http.get("/v1/models", cachedKey);
				assertThat(cachedDuring.statusCode()).isEqualTo(200);
				assertThat(cachedDuring.body()).isEqualTo(before.body());
				await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
					HttpResponse<byte[]> db = management.send(management.request("/actuator/health/db").build());
					assertThat(db.statusCode()).isEqualTo(503);
					assertThat(json.readTree(db.body()).get("status").asString()).isEqualTo("DOWN");
				});
				HttpResponse<byte[]> diskSpace = management
					.send(management.request("/actuator/health/diskSpace").build());
				assertThat(json.readTree(diskSpace.body()).at("/details/path").asString())
					.isEqualTo(dataDir.toAbsolutePath().toString());

				Files.delete(filler);
				await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
					HttpResponse<byte[]> db = management.send(management.request("/actuator/health/db").build());
					assertThat(db.statusCode()).as(Http.text(db)).isEqualTo(200);
				});
				HttpResponse<byte[]> after = createKey(http, adminKey, "after-space-returned");
				assertThat(after.statusCode()).as(Http.text(after)).isEqualTo(201);
				answeredIds.add(json.readTree(after.body()).get("id").asString());
				assertThat(http.get("/v1/models", cachedKey).statusCode()).isEqualTo(200);
				service.kill();
			}
			try (ServiceProcess restarted = ServiceProcess.startReady(dataDir, log,
					"--codex-lb.admin-key=" + adminKey)) {
				HttpResponse<byte[]> list = restarted.http().get("/api/api-keys", adminKey);
				Set<String> stored = new HashSet<>();
				json.readTree(list.body()).get("data").forEach((record) -> stored.add(record.get("id").asString()));
				assertThat(stored).as("every key answered 201").containsAll(answeredIds);
			}
			String serviceLog = Files.readString(log);
			Secrets.check(serviceLog, "the service's log");
			System.out.println("Disk full: " + answeredIds.size() + " keys answered 201, all stored after kill -9");
		}
		finally {
			run("umount", "-l", disk.toString());
		}
	}

	private static HttpResponse<byte[]> createKey(Http http, String adminKey, String name) {
		return http.json("POST", "/api/api-keys", adminKey, "{\"name\":\"" + name + "\"}");
	}

	// writes until the file system refuses: then nothing else fits
	private static Path fill(Path disk) throws IOException {
		Path filler = disk.resolve("filler");
		byte[] block = new byte[4096];
		try (OutputStream output = Files.newOutputStream(filler)) {
			while (true) {
				output.write(block);
				output.flush();
			}
		}
		catch (IOException ex) {
			assertThat(ex.getMessage()).containsIgnoringCase("space");
		}
		return filler;
	}

	private static int run(String... command) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.start();
		if (!process.waitFor(60, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			return -1;
		}
		return process.exitValue();
	}

}
