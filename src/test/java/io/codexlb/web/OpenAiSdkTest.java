package io.codexlb.web;

import java.util.ArrayList;
import java.util.List;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.NotFoundException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.models.Model;
import io.codexlb.support.ServerTestSupport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The OpenAI Java SDK, as client developers use it, against the running server.
 */
class OpenAiSdkTest extends ServerTestSupport {

	@Test
	void modelsListWhenKeyValidShouldParseAndValidateEveryModel() {
		for (String basePath : List.of("/backend-api/codex", "/v1", "/backend-api/codex/v1")) {
			OpenAIClient client = client(adminKey(), basePath);
			try {
				List<String> ids = new ArrayList<>();
				for (Model model : client.models().list().data()) {
					model.validate();
					assertThat(model.ownedBy()).isEqualTo("codex-lb");
					assertThat(model._additionalProperties()).containsKey("metadata");
					ids.add(model.id());
				}
				assertThat(ids).as(basePath).containsExactly("gpt-test-pro", "gpt-test-mini", "gpt-test-legacy");
				Model one = client.models().retrieve("gpt-test-mini");
				one.validate();
				assertThat(one.id()).isEqualTo("gpt-test-mini");
			}
			finally {
				client.close();
			}
		}
	}

	@Test
	void modelsListWhenKeyInvalidShouldRaiseUnauthorized() {
		OpenAIClient client = client("sk-clb-" + "Z".repeat(43), "/backend-api/codex");
		try {
			assertThatExceptionOfType(UnauthorizedException.class).isThrownBy(() -> client.models().list())
				.satisfies((ex) -> {
					assertThat(ex.statusCode()).isEqualTo(401);
					assertThat(ex.getMessage()).contains("Invalid API key");
				});
		}
		finally {
			client.close();
		}
	}

	@Test
	void modelsRetrieveWhenUnknownShouldRaiseNotFound() {
		OpenAIClient client = client(adminKey(), "/v1");
		try {
			assertThatExceptionOfType(NotFoundException.class).isThrownBy(() -> client.models().retrieve("no-such"));
		}
		finally {
			client.close();
		}
	}

	private OpenAIClient client(String key, String basePath) {
		return OpenAIOkHttpClient.builder()
			.apiKey(key)
			.baseUrl("http://127.0.0.1:" + this.port + basePath)
			.maxRetries(0)
			.build();
	}

}
