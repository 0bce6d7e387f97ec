package io.codexlb.web;

import java.util.Collections;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class ConditionalResponsesTest {

	@ParameterizedTest(name = "[{0}] -> {1}")
	@CsvSource(delimiter = '|', textBlock = """
			gzip                      | true
			GZIP                      | true
			'deflate, gzip'           | true
			gzip;q=0.5                | true
			x-gzip                    | true
			*                         | true
			'*, gzip;q=0'             | false
			gzip;q=0                  | false
			gzip; q=0.000             | false
			gzip;q=oops               | false
			identity                  | false
			br                        | false
			''                        | false
			""")
	void acceptsGzipShouldFollowQualityValues(String acceptEncoding, boolean expected) {
		assertThat(ConditionalResponses.acceptsGzip(Collections.enumeration(List.of(acceptEncoding))))
			.isEqualTo(expected);
	}

	@ParameterizedTest(name = "[{0}] -> {1}")
	@CsvSource(delimiter = '|', textBlock = """
			abc                                 | true
			req_0123456789abcdef                | true
			a.b:c-d_e                           | true
			''                                  | false
			has space                           | false
			'line\\nbreak'                      | false
			<script>                            | false
			""")
	void requestIdShouldBeKeptOnlyWhenSane(String requestId, boolean sane) {
		assertThat(RequestIdFilter.sane(requestId.replace("\\n", "\n"))).isEqualTo(sane);
		assertThat(RequestIdFilter.sane("a".repeat(129))).isFalse();
		assertThat(RequestIdFilter.newRequestId()).matches("req_[0-9a-f]{32}");
	}

}
