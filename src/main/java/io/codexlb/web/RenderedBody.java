package io.codexlb.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

import org.jspecify.annotations.Nullable;

/**
 * A response body rendered once and served many times, with its gzip form when it is
 * worth compressing. The gzip form is made on the first request that accepts it: a body
 * only clients without {@code Accept-Encoding: gzip} ask for is never compressed, and a
 * body the cache renders again after an eviction costs its serialization only.
 */
final class RenderedBody {

	/**
	 * Bodies smaller than this are not worth a gzip header and a decompression.
	 */
	static final int GZIP_MIN_BYTES = 1024;

	private final byte[] identity;

	private final String etag;

	private final String gzipEtag;

	private volatile byte @Nullable [] gzip;

	/**
	 * A body and its entity tags.
	 * @param identity the JSON bytes
	 * @param etag the strong entity tag of the JSON bytes, quoted
	 * @param gzipEtag the strong entity tag of the gzip representation, quoted
	 */
	RenderedBody(byte[] identity, String etag, String gzipEtag) {
		this.identity = identity;
		this.etag = etag;
		this.gzipEtag = gzipEtag;
	}

	byte[] identity() {
		return this.identity;
	}

	String etag() {
		return this.etag;
	}

	String gzipEtag() {
		return this.gzipEtag;
	}

	/**
	 * Whether the body is served compressed to a client that accepts gzip.
	 * @return whether it is large enough
	 */
	boolean compressible() {
		return this.identity.length >= GZIP_MIN_BYTES;
	}

	/**
	 * The gzip form, made once; two first requests at the same time may both compress, to
	 * the same bytes.
	 * @return the compressed bytes
	 */
	byte[] gzip() {
		byte[] compressed = this.gzip;
		if (compressed == null) {
			compressed = compress(this.identity);
			this.gzip = compressed;
		}
		return compressed;
	}

	/**
	 * What the body holds in memory, its gzip form counted as a quarter of it before it
	 * is made: the weight the render cache bounds.
	 * @return the bytes
	 */
	int weight() {
		return this.identity.length + (compressible() ? this.identity.length / 4 : 0);
	}

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

	private static byte[] compress(byte[] body) {
		ByteArrayOutputStream output = new ByteArrayOutputStream(body.length / 4);
		try (GZIPOutputStream gzip = new GZIPOutputStream(output)) {
			gzip.write(body);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return output.toByteArray();
	}

}
