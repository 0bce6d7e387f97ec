package io.codexlb.web;

import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * A response body rendered once and served many times, with its gzip form when it is
 * worth compressing.
 *
 * @param identity the JSON bytes
 * @param etag the strong entity tag of the JSON bytes, quoted
 * @param gzip the gzip-compressed bytes, or {@code null} for a small body
 * @param gzipEtag the strong entity tag of the gzip representation, quoted
 */
record RenderedBody(byte[] identity, String etag, byte @Nullable [] gzip, String gzipEtag) {

	/**
	 * Whether an entity tag from {@code If-None-Match} names this body, in either
	 * encoding, by weak comparison (RFC 9110 13.1.2).
	 * @param tag an entity tag, with or without the {@code W/} prefix
	 * @return whether it matches
	 */
	boolean matches(String tag) {
		String opaque = tag.startsWith("W/") ? tag.substring(2) : tag;
		return opaque.equals(this.etag) || opaque.equals(this.gzipEtag);
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof RenderedBody body && Arrays.equals(this.identity, body.identity);
	}

	@Override
	public int hashCode() {
		return Arrays.hashCode(this.identity);
	}

	@Override
	public String toString() {
		return "RenderedBody[" + this.identity.length + " bytes, etag=" + this.etag + "]";
	}

}
