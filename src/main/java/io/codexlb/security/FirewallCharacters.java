package io.codexlb.security;

/**
 * The character rules of Spring Security's strict firewall, as loops instead of the
 * default regular expressions, which run on every header a request reads: a header name
 * or parameter name must consist of assigned, non-control code points (the default's
 * {@code [\p{IsAssigned}&&[^\p{IsControl}]]*}); a header value may also hold tabs
 * ({@code [\p{IsAssigned}&&[[^\p{IsControl}]||\t]]*}).
 */
final class FirewallCharacters {

	private FirewallCharacters() {
	}

	static boolean isAllowedName(String name) {
		return assignedAndNotControl(name, false);
	}

	static boolean isAllowedHeaderValue(String value) {
		return assignedAndNotControl(value, true);
	}

	private static boolean assignedAndNotControl(String text, boolean tabAllowed) {
		int length = text.length();
		for (int i = 0; i < length;) {
			int codePoint = text.codePointAt(i);
			// the printable ASCII range is the common case: no lookup
			if (codePoint < 0x20 || codePoint > 0x7E) {
				int type = Character.getType(codePoint);
				if (type == Character.UNASSIGNED || (type == Character.CONTROL && !(tabAllowed && codePoint == '\t'))) {
					return false;
				}
			}
			i += Character.charCount(codePoint);
		}
		return true;
	}

}
