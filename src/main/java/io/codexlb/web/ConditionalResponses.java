package io.codexlb.web;

import java.util.Enumeration;
import java.util.Locale;

/**
 * The conditional parts of a GET of a pre-rendered body: whether the client's entity tag
 * matches (304), and whether the client accepts the gzip bytes.
 */
final class ConditionalResponses {

	static final String VARY = "Authorization, Accept-Encoding";

	private ConditionalResponses() {
	}

	static boolean notModified(Enumeration<String> ifNoneMatch, RenderedBody body) {
		while (ifNoneMatch.hasMoreElements()) {
			for (String tag : ifNoneMatch.nextElement().split(",")) {
				String trimmed = tag.strip();
				if (trimmed.equals("*") || body.matches(trimmed)) {
					return true;
				}
			}
		}
		return false;
	}

	/**
	 * Whether {@code Accept-Encoding} admits gzip: listed (or {@code *}) with a non-zero
	 * quality (RFC 9110 12.5.3).
	 * @param acceptEncoding the header values
	 * @return whether gzip may be sent
	 */
	static boolean acceptsGzip(Enumeration<String> acceptEncoding) {
		boolean gzip = false;
		boolean gzipRefused = false;
		boolean wildcard = false;
		while (acceptEncoding.hasMoreElements()) {
			for (String coding : acceptEncoding.nextElement().split(",")) {
				String[] parts = coding.split(";");
				String name = parts[0].strip().toLowerCase(Locale.ROOT);
				boolean refused = isZeroQuality(parts);
				if (name.equals("gzip") || name.equals("x-gzip")) {
					gzip |= !refused;
					gzipRefused |= refused;
				}
				else if (name.equals("*")) {
					wildcard = !refused;
				}
			}
		}
		return gzip || (wildcard && !gzipRefused);
	}

	private static boolean isZeroQuality(String[] parts) {
		for (int i = 1; i < parts.length; i++) {
			String parameter = parts[i].strip();
			if (parameter.startsWith("q=") || parameter.startsWith("Q=")) {
				try {
					return Double.parseDouble(parameter.substring(2).strip()) <= 0;
				}
				catch (NumberFormatException ex) {
					return true;
				}
			}
		}
		return false;
	}

}
