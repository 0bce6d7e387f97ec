package io.codexlb.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.codexlb.CodexLbApplication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The service as its own process, from the application's own classes and libraries as in
 * production (no test classes, so no test logging configuration), on loopback ports, with
 * its output in a log file: for tests that kill it, restart it, fill its disk or watch it
 * fail to start.
 */
public final class ServiceProcess implements AutoCloseable {

	private final Process process;

	private final Path log;

	private final int port;

	private final int managementPort;

	private ServiceProcess(Process process, Path log, int port, int managementPort) {
		this.process = process;
		this.log = log;
		this.port = port;
		this.managementPort = managementPort;
	}

	/**
	 * Starts the service without waiting for it.
	 * @param dataDir its data directory
	 * @param log the file its output is appended to
	 * @param arguments further command-line arguments, such as
	 * {@code --codex-lb.admin-key=...}
	 * @return the running process
	 */
	public static ServiceProcess start(Path dataDir, Path log, String... arguments) {
		int port = Http.freePort();
		int managementPort = Http.freePort();
		// no account, so no upstream call: the bootstrap catalog is served
		List<String> command = ServiceArguments.onLoopback(port, managementPort)
			.dataDir(dataDir)
			.with("codex-lb.rate-limit.default.requests-per-minute", 1000000)
			.noUpstream()
			.toList();
		command.addAll(List.of(arguments));
		try {
			return new ServiceProcess(launch(log, command), log, port, managementPort);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Starts the JVM of the service with exactly the given arguments, for tests that
	 * choose every setting themselves (such as the start-up failures).
	 * @param console the file its standard output and standard error are appended to
	 * @param arguments the command-line arguments
	 * @return the process
	 * @throws IOException if the JVM cannot be started
	 */
	public static Process launch(Path console, List<String> arguments) throws IOException {
		String classpath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
			.filter((entry) -> !entry.endsWith("test-classes"))
			.collect(Collectors.joining(File.pathSeparator));
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:TieredStopAtLevel=1",
						"-XX:+UseSerialGC", "-Xmx384m", "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
						"-cp", classpath, CodexLbApplication.class.getName()));
		command.addAll(arguments);
		return new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(console.toFile()))
			.start();
	}

	/**
	 * Starts the service and waits until it is ready.
	 * @param dataDir its data directory
	 * @param log the file its output is appended to
	 * @param arguments further command-line arguments
	 * @return the ready process
	 */
	public static ServiceProcess startReady(Path dataDir, Path log, String... arguments) {
		ServiceProcess service = start(dataDir, log, arguments);
		try {
			service.awaitReady();
		}
		catch (RuntimeException | AssertionError ex) {
			service.kill();
			throw ex;
		}
		return service;
	}

	public int port() {
		return this.port;
	}

	public Http http() {
		return new Http(this.port);
	}

	public Http management() {
		return new Http(this.managementPort);
	}

	public Path log() {
		return this.log;
	}

	private void awaitReady() {
		Http management = management();
		// generous: a busy machine starts a JVM slowly
		await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(200)).until(() -> {
			assertThat(this.process.isAlive()).as(() -> "the service died: " + tail()).isTrue();
			try {
				return management.send(management.request("/actuator/health/readiness").build()).statusCode() == 200;
			}
			catch (RuntimeException ex) {
				return false;
			}
		});
	}

	/**
	 * Kills the process with SIGKILL, as a crash or the OOM killer would, and waits for
	 * it to be gone.
	 */
	public void kill() {
		this.process.destroyForcibly();
		waitForExit();
	}

	/**
	 * Stops the process with SIGTERM and waits for its graceful shutdown.
	 */
	public void stop() {
		this.process.destroy();
		waitForExit();
	}

	/**
	 * Sends SIGTERM and returns at once, for a test that talks to the service while it
	 * shuts down.
	 */
	public void terminate() {
		this.process.destroy();
	}

	public boolean isAlive() {
		return this.process.isAlive();
	}

	/**
	 * Waits for the process to exit.
	 * @param timeout how long to wait at most
	 * @return whether it exited within the timeout
	 */
	public boolean awaitExit(Duration timeout) {
		try {
			return this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private void waitForExit() {
		try {
			assertThat(this.process.waitFor(60, TimeUnit.SECONDS)).as("the service exits").isTrue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The end of the log, for failure messages.
	 * @return the last 4000 characters of the log
	 */
	public String tail() {
		try {
			String text = Files.readString(this.log);
			return text.substring(Math.max(0, text.length() - 4000));
		}
		catch (IOException ex) {
			return "(no log: " + ex.getMessage() + ")";
		}
	}

	@Override
	public void close() {
		if (this.process.isAlive()) {
			kill();
		}
	}

}
