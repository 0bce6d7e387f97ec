package io.codexlb.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import io.codexlb.CodexLbApplication;
import io.codexlb.apikey.ApiKeyFormat;
import io.codexlb.apikey.ApiKeyGrant;
import io.codexlb.apikey.ApiKeyResolver;
import io.codexlb.support.ServiceArguments;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole service, started once per benchmark fork on the embedded default (a fresh H2
 * file database in a temporary folder, in-process buckets, the bootstrap catalog), so
 * that the microbenchmarks measure the real beans, wired as in production.
 */
@State(Scope.Benchmark)
public class RunningService {

	/**
	 * The admin key the service is started with: a well-formed key the benchmarks
	 * resolve.
	 */
	public static final String KEY = ApiKeyFormat.generate();

	private Path dataDir;

	private ConfigurableApplicationContext context;

	private ApiKeyGrant grant;

	@Setup(Level.Trial)
	public void start() throws IOException {
		this.dataDir = Files.createTempDirectory("codex-lb-jmh");
		this.context = SpringApplication.run(CodexLbApplication.class,
				ServiceArguments.onLoopback()
					.dataDir(this.dataDir)
					.with("codex-lb.admin-key", KEY)
					.with("codex-lb.rate-limit.default.requests-per-minute", 1000000000)
					.with("logging.level.root", "warn")
					.toArray());
		this.grant = ((ApiKeyResolver.Resolution.Granted) bean(ApiKeyResolver.class).resolve(KEY)).grant();
	}

	@TearDown(Level.Trial)
	public void stop() {
		this.context.close();
		try (Stream<Path> files = Files.walk(this.dataDir)) {
			files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public <T> T bean(Class<T> type) {
		return this.context.getBean(type);
	}

	/**
	 * The grant of {@link #KEY}, as the security filter hands it on.
	 * @return the grant
	 */
	public ApiKeyGrant grant() {
		return this.grant;
	}

}
