package io.codexlb.web;

import java.util.Enumeration;

import io.codexlb.catalog.RenderedBody;
import io.codexlb.system.ResponseHeaders;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * Answers a GET of a pre-rendered body: 304 when the client's entity tag matches, the
 * gzip bytes when the client accepts them, and the caching headers of the SPEC.
 */
final class ConditionalResponses {

	static final String VARY = "Authorization, Accept-Encoding";

	private ConditionalResponses() {
	}

	static ResponseEntity<byte[]> respond(HttpServletRequest request, RenderedBody body) {
		boolean gzip = body.gzip() != null && acceptsGzip(request.getHeaders(HttpHeaders.ACCEPT_ENCODING));
		String etag = gzip ? body.gzipEtag() : body.etag();
		if (notModified(request.getHeaders(HttpHeaders.IF_NONE_MATCH), body)) {
			return ResponseEntity.status(HttpStatus.NOT_MODIFIED)
				.eTag(etag)
				.header(HttpHeaders.CACHE_CONTROL, ResponseHeaders.PRIVATE_NO_CACHE)
				.header(HttpHeaders.VARY, VARY)
				.build();
		}
		ResponseEntity.BodyBuilder builder = ResponseEntity.ok()
			.contentType(MediaType.APPLICATION_JSON)
			.eTag(etag)
			.header(HttpHeaders.CACHE_CONTROL, ResponseHeaders.PRIVATE_NO_CACHE)
			.header(HttpHeaders.VARY, VARY);
		if (gzip) {
			return builder.header(HttpHeaders.CONTENT_ENCODING, "gzip").body(body.gzip());
		}
		return builder.body(body.identity());
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
				String name = parts[0].strip().toLowerCase(java.util.Locale.ROOT);
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
