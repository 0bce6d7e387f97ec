package io.codexlb.security;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class BearerTokenTest {

	@ParameterizedTest(name = "[{0}] -> [{1}]")
	@CsvSource(nullValues = "NULL", ignoreLeadingAndTrailingWhitespace = false, textBlock = """
			NULL,NULL
			'',NULL
			Bearer,NULL
			Bearer ,NULL
			'Bearer    ',NULL
			Bearerx abc,NULL
			Basic abc,NULL
			Bearer abc,abc
			bearer abc,abc
			BEARER abc,abc
			'Bearer   abc',abc
			'Bearer abc ',abc\s
			'Bearer a b',a b
			""")
	void bearerTokenShouldTakeTheCredentialOfTheCaseInsensitiveBearerScheme(String header, String token) {
		assertThat(ApiKeyAuthenticationFilter.bearerToken(header)).isEqualTo(token);
	}

}
