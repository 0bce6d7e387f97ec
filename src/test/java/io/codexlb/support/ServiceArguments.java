package io.codexlb.support;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The settings a test starts the service with: the client and management servers on
 * loopback, a data folder, and whatever the test adds, as command-line arguments (in the
 * test JVM or as a process of its own) or as a test context's properties.
 */
public final class ServiceArguments {

	private static final String LOOPBACK = "127.0.0.1";

	private final Map<String, String> properties = new LinkedHashMap<>();

	private ServiceArguments(int port, int managementPort) {
		with("server.port", port);
		with("server.address", LOOPBACK);
		with("management.server.port", managementPort);
		with("management.server.address", LOOPBACK);
	}

	/**
	 * Both servers on loopback, on ports the system picks.
	 * @return the arguments
	 */
	public static ServiceArguments onLoopback() {
		return new ServiceArguments(0, 0);
	}

	/**
	 * Both servers on loopback, on the given ports.
	 * @param port the client port
	 * @param managementPort the management (actuator) port
	 * @return the arguments
	 */
	public static ServiceArguments onLoopback(int port, int managementPort) {
		return new ServiceArguments(port, managementPort);
	}

	/**
	 * Sets the data folder.
	 * @param dataDir the folder
	 * @return these arguments
	 */
	public ServiceArguments dataDir(Path dataDir) {
		return with("codex-lb.data-dir", dataDir);
	}

	/**
	 * Points the ChatGPT backend at a closed loopback port: a call for an account fails
	 * at once, and none leaves the machine.
	 * @return these arguments
	 */
	public ServiceArguments noUpstream() {
		with("codex-lb.upstream.base-url", "http://" + LOOPBACK + ":9/backend-api");
		return with("codex-lb.upstream.auth-base-url", "http://" + LOOPBACK + ":9");
	}

	/**
	 * Points the ChatGPT backend and its OAuth server at a stand-in.
	 * @param upstream the stand-in
	 * @return these arguments
	 */
	public ServiceArguments upstream(UpstreamStandIn upstream) {
		with("codex-lb.upstream.base-url", upstream.baseUrl());
		return with("codex-lb.upstream.auth-base-url", upstream.authBaseUrl());
	}

	/**
	 * Uses a PostgreSQL database, as its {@code postgres} user.
	 * @param url the database's JDBC URL
	 * @return these arguments
	 */
	public ServiceArguments postgres(String url) {
		with("spring.datasource.url", url);
		return with("spring.datasource.username", "postgres");
	}

	/**
	 * Sets a property, in place of any value set before.
	 * @param name the property
	 * @param value its value
	 * @return these arguments
	 */
	public ServiceArguments with(String name, Object value) {
		this.properties.put(name, String.valueOf(value));
		return this;
	}

	/**
	 * The command-line arguments, one {@code --name=value} each.
	 * @return a new, modifiable list
	 */
	public List<String> toList() {
		List<String> arguments = new ArrayList<>();
		this.properties.forEach((name, value) -> arguments.add("--" + name + "=" + value));
		return arguments;
	}

	/**
	 * The command-line arguments, for {@code SpringApplication.run}.
	 * @return the arguments
	 */
	public String[] toArray() {
		return toList().toArray(String[]::new);
	}

	/**
	 * Adds the properties to a test context's.
	 * @param registry the context's dynamic properties
	 */
	public void register(DynamicPropertyRegistry registry) {
		this.properties.forEach((name, value) -> registry.add(name, () -> value));
	}

}
