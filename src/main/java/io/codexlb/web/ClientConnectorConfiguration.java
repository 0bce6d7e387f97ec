package io.codexlb.web;

import org.apache.catalina.Lifecycle;
import org.apache.catalina.connector.Connector;
import org.apache.coyote.ContinueResponseTiming;
import org.apache.coyote.ProtocolHandler;
import org.apache.coyote.http11.AbstractHttp11Protocol;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * How the client port's connector treats request bodies: {@code 100 Continue} only when
 * the service reads the body (so after authentication), {@code Connection: close} on an
 * answer given before the declared body was read, and {@link ClientPortAdapter} around
 * the container, and the drain of its connections on shutdown.
 */
@Configuration(proxyBeanMethods = false)
class ClientConnectorConfiguration {

	@Bean
	ConnectionDrain connectionDrain(ShutdownProperties properties) {
		return new ConnectionDrain(properties.drainTimeout());
	}

	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> clientConnector() {
		return (factory) -> factory.addConnectorCustomizers(ClientConnectorConfiguration::customize);
	}

	static void customize(Connector connector) {
		if (connector.getProtocolHandler() instanceof AbstractHttp11Protocol<?> http) {
			// Tomcat's default sends it before any filter ran: an invitation to send a
			// body that nobody will read
			http.setContinueResponseTiming(ContinueResponseTiming.ON_REQUEST_BODY_READ.toString());
			// Tomcat checks this when it commits an answer: more of the declared body
			// left than this means Connection: close (ClientPortAdapter then skips the
			// draining itself)
			http.setMaxSwallowSize(0);
		}
		// the container's adapter exists once the connector is initialized
		connector.addLifecycleListener((event) -> {
			if (Lifecycle.AFTER_INIT_EVENT.equals(event.getType())) {
				ProtocolHandler handler = connector.getProtocolHandler();
				handler.setAdapter(new ClientPortAdapter(handler.getAdapter()));
			}
		});
	}

}
