package io.codexlb;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;

/**
 * Entry point of the Codex-LB model catalog service.
 */
// no user store: API keys are the only credentials
@SpringBootApplication(exclude = UserDetailsServiceAutoConfiguration.class)
@ConfigurationPropertiesScan
public class CodexLbApplication {

	public static void main(String[] args) {
		SpringApplication.run(CodexLbApplication.class, args);
	}

}
