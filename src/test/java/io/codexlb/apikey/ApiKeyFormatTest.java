package io.codexlb.apikey;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ApiKeyFormatTest {

	@Test
	void generateShouldMakeWellFormedDistinctKeys() {
		Set<String> keys = new HashSet<>();
		for (int i = 0; i < 1000; i++) {
			String key = ApiKeyFormat.generate();
			assertThat(key).matches("sk-clb-[A-Za-z0-9_-]{43}");
			assertThat(ApiKeyFormat.isWellFormed(key)).isTrue();
			keys.add(key);
		}
		assertThat(keys).hasSize(1000);
	}

	@Test
	void isWellFormedWhenShapeIsWrongShouldBeFalse() {
		String body = "A".repeat(43);
		for (String token : new String[] { "", "sk-clb-", "sk-clb-" + body.substring(1), "sk-clb-" + body + "A",
				"SK-CLB-" + body, "sk-clb_" + body, "sk-clb-" + body.substring(1) + "=",
				"sk-clb-" + body.substring(1) + "+", "sk-clb-" + body.substring(1) + "/",
				"sk-clb-" + body.substring(1) + " ", "sk-clb-" + body.substring(1) + "é",
				"sk-clb-" + body.substring(1) + "\n", "sk-clb-' OR '1'='1'--" + body.substring(20) }) {
			assertThat(ApiKeyFormat.isWellFormed(token)).as(token).isFalse();
		}
	}

	@Test
	void hashShouldBeSha256HexOfTheWholeKey() {
		// echo -n 'sk-clb-AAA...A' | sha256sum
		assertThat(ApiKeyFormat.hash("sk-clb-" + "A".repeat(43)))
			.isEqualTo("46379b79205538ac5f09c17d58146865eb60e45d415e2e10cb3af4d1cfe36f91");
		assertThat(ApiKeyFormat.displayPrefix("sk-clb-" + "A".repeat(43))).isEqualTo("sk-clb-AAAAA");
	}

}
