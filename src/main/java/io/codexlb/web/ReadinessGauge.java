package io.codexlb.web;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.contributor.Status;
import org.springframework.stereotype.Component;

/**
 * The readiness health group as a gauge, {@code codex_lb_readiness}: 1 while
 * {@code /actuator/health/readiness} answers 200, 0 while it answers 503, so that an
 * alert sees what the load balancer sees. Its members (the application's state and the
 * catalog) are held in memory: a scrape costs no query.
 */
@Component
class ReadinessGauge implements MeterBinder {

	private final ObjectProvider<HealthEndpoint> healthEndpoint;

	ReadinessGauge(ObjectProvider<HealthEndpoint> healthEndpoint) {
		this.healthEndpoint = healthEndpoint;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder("codex_lb_readiness", this::ready)
			.description("1 while the readiness health group is UP, 0 while it is DOWN or OUT_OF_SERVICE")
			.register(registry);
	}

	private double ready() {
		HealthEndpoint endpoint = this.healthEndpoint.getIfAvailable();
		HealthDescriptor readiness = (endpoint != null) ? endpoint.healthForPath("readiness") : null;
		if (readiness == null) {
			return Double.NaN;
		}
		Status status = readiness.getStatus();
		return (Status.DOWN.equals(status) || Status.OUT_OF_SERVICE.equals(status)) ? 0 : 1;
	}

}
