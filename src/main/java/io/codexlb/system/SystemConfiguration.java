package io.codexlb.system;

import java.time.Clock;

import tools.jackson.core.StreamReadFeature;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Process-wide beans: the clock every feature reads time from, the JSON reading rules,
 * and the drain of the connections on shutdown.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class SystemConfiguration {

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	@Bean
	ConnectionDrain connectionDrain(ShutdownProperties properties) {
		return new ConnectionDrain(properties.drainTimeout());
	}

	// a JSON object with a field twice is ambiguous: refuse it rather than keep one
	@Bean
	JsonMapperBuilderCustomizer strictDuplicateDetection() {
		return (builder) -> builder.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
	}

}
