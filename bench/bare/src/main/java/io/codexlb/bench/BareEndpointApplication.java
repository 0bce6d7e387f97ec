package io.codexlb.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The benchmark's baseline: the same body as the models endpoint, from a bare Spring MVC
 * endpoint without security, key lookup or rate limit.
 */
@SpringBootApplication
@RestController
public class BareEndpointApplication {

	private final byte[] body;

	BareEndpointApplication() throws IOException {
		this.body = Files.readAllBytes(Path.of(System.getProperty("bench.body")));
	}

	@GetMapping("/backend-api/codex/models")
	ResponseEntity<byte[]> models() {
		return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(this.body);
	}

	public static void main(String[] args) {
		SpringApplication.run(BareEndpointApplication.class, args);
	}

}
