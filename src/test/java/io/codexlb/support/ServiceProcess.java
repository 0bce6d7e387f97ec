package io.codexlb.support;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The service started as its own process, from the application's own classes and
 * libraries as in production (no test classes, so no test logging configuration), with
 * its console written to a file.
 */
public final class ServiceProcess {

	private static final String MAIN_CLASS = "io.codexlb.CodexLbApplication";

	private ServiceProcess() {
	}

	/**
	 * Starts the service.
	 * @param console the file that receives standard output and standard error
	 * @param arguments the command-line arguments
	 * @return the process
	 * @throws IOException if the JVM cannot be started
	 */
	public static Process start(Path console, List<String> arguments) throws IOException {
		String classpath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
			.filter((entry) -> !entry.endsWith("test-classes"))
			.collect(Collectors.joining(File.pathSeparator));
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:TieredStopAtLevel=1",
						"-XX:+UseSerialGC", "-Xmx384m", "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
						"-cp", classpath, MAIN_CLASS));
		command.addAll(arguments);
		return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(console.toFile()).start();
	}

}
