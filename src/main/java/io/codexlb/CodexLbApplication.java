package io.codexlb;

import java.time.Clock;

import tools.jackson.core.StreamReadFeature;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Entry point of the Codex-LB model catalog service, with the process-wide beans: the
 * clock every feature reads time from, and the JSON reading rules.
 */
// no user store: API keys are the only credentials
@SpringBootApplication(exclude = UserDetailsServiceAutoConfiguration.class)
@ConfigurationPropertiesScan
@EnableScheduling
public class CodexLbApplication {

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	// a JSON object with a field twice is ambiguous: refuse it rather than keep one
	@Bean
	JsonMapperBuilderCustomizer strictDuplicateDetection() {
		return (builder) -> builder.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
	}

	public static void main(String[] args) {
		SpringApplication.run(CodexLbApplication.class, args);
	}

}
