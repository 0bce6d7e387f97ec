package io.codexlb.error;

import org.apache.catalina.Lifecycle;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Installs {@link JsonErrorReportValve} in place of Tomcat's HTML error report.
 */
@Configuration(proxyBeanMethods = false)
class TomcatErrorConfiguration {

	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> jsonErrorReport(ErrorRenderer renderer) {
		return (factory) -> factory.addContextCustomizers((context) -> {
			StandardHost host = (StandardHost) context.getParent();
			// the host adds its own HTML report unless a valve of this class is present
			host.setErrorReportValveClass(JsonErrorReportValve.class.getName());
			// once every customizer has added its valves, before the host adds its
			// default one
			host.addLifecycleListener((event) -> {
				if (Lifecycle.BEFORE_START_EVENT.equals(event.getType())) {
					for (Valve valve : host.getPipeline().getValves()) {
						if (valve instanceof ErrorReportValve) {
							host.getPipeline().removeValve(valve);
						}
					}
					host.getPipeline().addValve(new JsonErrorReportValve(renderer));
				}
			});
		});
	}

}
