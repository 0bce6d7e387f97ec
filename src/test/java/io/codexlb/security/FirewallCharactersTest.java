package io.codexlb.security;

import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The loops decide exactly as the strict firewall's default expressions, for every code
 * point, a lone surrogate and mixed text.
 */
class FirewallCharactersTest {

	private static final Pattern NAME = Pattern.compile("[\\p{IsAssigned}&&[^\\p{IsControl}]]*");

	private static final Pattern VALUE = Pattern.compile("[\\p{IsAssigned}&&[[^\\p{IsControl}]||\\t]]*");

	@Test
	void everyCodePointShouldBeJudgedAsByTheDefaultExpressions() {
		for (int codePoint = 0; codePoint <= Character.MAX_CODE_POINT; codePoint++) {
			String text = "a" + Character.toString(codePoint) + "z";
			assertThat(FirewallCharacters.isAllowedName(text)).as("name U+%04X", codePoint)
				.isEqualTo(NAME.matcher(text).matches());
			assertThat(FirewallCharacters.isAllowedHeaderValue(text)).as("value U+%04X", codePoint)
				.isEqualTo(VALUE.matcher(text).matches());
		}
	}

	@Test
	void textShouldBeJudgedAsByTheDefaultExpressions() {
		String[] samples = { "", "Bearer sk-clb-abc", "a\tb", "a\u0085b", "caf\u00e9", "\ud83d\ude00", "x\ud83dy",
				"\udc00", "a\u0000", "a\u007f", "a\u2028b", "\u0378" };
		for (String sample : samples) {
			assertThat(FirewallCharacters.isAllowedName(sample)).as(sample).isEqualTo(NAME.matcher(sample).matches());
			assertThat(FirewallCharacters.isAllowedHeaderValue(sample)).as(sample)
				.isEqualTo(VALUE.matcher(sample).matches());
		}
	}

}
