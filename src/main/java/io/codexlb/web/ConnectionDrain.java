package io.codexlb.web;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.catalina.connector.Connector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.boot.web.server.context.WebServerGracefulShutdownLifecycle;
import org.springframework.context.SmartLifecycle;

/**
 * Lets a load balancer's kept-alive connections end before the graceful shutdown. On
 * shutdown the server stops accepting connections, so that a load balancer sends new
 * requests elsewhere (a POST too: a refused connection carried nothing), and goes on
 * answering the requests that arrive on its open connections, each with
 * {@code Connection: close}, until every connection is closed or the drain timeout has
 * passed. Only then does the web server's graceful shutdown pause the server, which
 * answers 503 to a request on a kept-alive connection and then closes the connection,
 * whatever request was just sent on it: a load balancer retries neither for a POST.
 */
final class ConnectionDrain implements TomcatConnectorCustomizer, SmartLifecycle {

	// a higher phase stops first: before the web server's graceful shutdown
	static final int PHASE = WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE + 1;

	private static final Logger logger = LoggerFactory.getLogger(ConnectionDrain.class);

	private final Duration timeout;

	private final List<Connector> connectors = new CopyOnWriteArrayList<>();

	private volatile boolean running;

	ConnectionDrain(Duration timeout) {
		this.timeout = timeout;
	}

	@Override
	public void customize(Connector connector) {
		this.connectors.add(connector);
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		long started = System.nanoTime();
		List<Integer> ports = new ArrayList<>();
		// with the server socket closed, Tomcat ends keep-alive: every answer carries
		// Connection: close
		for (Connector connector : this.connectors) {
			ports.add(connector.getLocalPort());
			connector.getProtocolHandler().closeServerSocketGraceful();
		}
		long remaining = this.timeout.toMillis();
		for (Connector connector : this.connectors) {
			remaining = connector.getProtocolHandler().awaitConnectionsClose(remaining);
		}
		long millis = (System.nanoTime() - started) / 1_000_000;
		if (this.timeout.isZero()) {
			logger.info("Stopped accepting connections on port {}; no drain", ports);
		}
		else if (remaining > 0) {
			logger.info("Stopped accepting connections on port {}; the open ones were closed within {} ms", ports,
					millis);
		}
		else {
			logger.info("Stopped accepting connections on port {}; connections still open after {} are closed now",
					ports, this.timeout);
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	// a paused context (as in the test context cache) goes on serving, as the web server
	// does: the drain is for the shutdown
	@Override
	public boolean isPauseable() {
		return false;
	}

}
