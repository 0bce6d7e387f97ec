package io.codexlb.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, one request per connection: for requests a client library
 * refuses to send (control characters, repeated headers, broken request lines, bodies
 * that stop half-way) and for telling a refused connection from a truncated answer.
 */
public final class RawHttp {

	private static final int TIMEOUT_MILLIS = 20_000;

	private RawHttp() {
	}

	/**
	 * A request: the request line, the header lines as given, {@code Host} and
	 * {@code Connection: close}.
	 * @param method the method
	 * @param target the request target, sent as is
	 * @param headerLines header lines such as {@code "Authorization: Bearer x"}, sent as
	 * ISO-8859-1 (one byte per character)
	 * @return the bytes up to the empty line
	 */
	public static byte[] request(String method, String target, String... headerLines) {
		StringBuilder request = new StringBuilder(method).append(' ')
			.append(target)
			.append(" HTTP/1.1\r\nHost: 127.0.0.1\r\n");
		for (String line : headerLines) {
			if (line.regionMatches(true, 0, "Authorization:", 0, 14)) {
				Secrets.registerBearer(line.substring(14).strip());
			}
			request.append(line).append("\r\n");
		}
		request.append("Connection: close\r\n\r\n");
		return request.toString().getBytes(StandardCharsets.ISO_8859_1);
	}

	/**
	 * A request as {@link #request} builds it, without its {@code Connection: close}: for
	 * exchanges where the server must be the one to end the connection.
	 * @param request the request bytes
	 * @return the same request, asking to keep the connection
	 */
	public static byte[] keepAlive(byte[] request) {
		return new String(request, StandardCharsets.ISO_8859_1).replace("Connection: close\r\n", "")
			.getBytes(StandardCharsets.ISO_8859_1);
	}

	/**
	 * Reads an interim answer such as {@code 100 Continue}: up to the empty line.
	 * @param input the connection's input
	 * @return the status line and headers, or what arrived before the connection ended
	 * @throws IOException if the read fails
	 */
	public static String readInterim(InputStream input) throws IOException {
		StringBuilder head = new StringBuilder();
		while (!head.toString().endsWith("\r\n\r\n")) {
			int b = input.read();
			if (b == -1) {
				break;
			}
			head.append((char) b);
		}
		return head.toString();
	}

	/**
	 * Whether nothing listens on the port any more: a connection is refused, not merely
	 * slow or reset.
	 * @param port the port on loopback
	 * @return whether the connection was refused
	 */
	public static boolean refusesConnections(int port) {
		try (Socket socket = connect(port)) {
			return false;
		}
		catch (ConnectException ex) {
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * Sends bytes on a new connection and reads the answer until the server closes it.
	 * @param port the port on loopback
	 * @param request the bytes
	 * @return the answer, or how the exchange failed
	 */
	public static Response exchange(int port, byte[] request) {
		try (Socket socket = connect(port)) {
			try {
				OutputStream output = socket.getOutputStream();
				output.write(request);
				output.flush();
			}
			catch (IOException ex) {
				// the server may answer and close before taking the whole request
			}
			boolean head = new String(request, 0, Math.min(5, request.length), StandardCharsets.ISO_8859_1)
				.equals("HEAD ");
			return read(socket.getInputStream(), head);
		}
		catch (ConnectException ex) {
			return Response.failed(Outcome.REFUSED);
		}
		catch (IOException ex) {
			return Response.failed(Outcome.NO_RESPONSE);
		}
	}

	public static Socket connect(int port) throws IOException {
		Socket socket = new Socket();
		socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), TIMEOUT_MILLIS);
		socket.setSoTimeout(TIMEOUT_MILLIS);
		return socket;
	}

	/**
	 * Reads one answer until the server closes the connection.
	 * @param input the connection's input
	 * @return the answer
	 */
	public static Response read(InputStream input) {
		return read(input, false);
	}

	/**
	 * Reads one answer until the server closes the connection.
	 * @param input the connection's input
	 * @param head whether the request was a {@code HEAD}, whose answer has no body
	 * @return the answer
	 */
	public static Response read(InputStream input, boolean head) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		byte[] buffer = new byte[16384];
		try {
			int read;
			while ((read = input.read(buffer)) != -1) {
				bytes.write(buffer, 0, read);
			}
		}
		catch (IOException ex) {
			// a reset: judged below by what arrived before it
		}
		Response response = parse(bytes.toByteArray(), head);
		Secrets.check(new String(bytes.toByteArray(), StandardCharsets.ISO_8859_1), "raw HTTP answer");
		return response;
	}

	/**
	 * Reads one answer, and fails unless the server then closes the connection: a server
	 * that waits for more of the request lets the read time out instead.
	 * @param input the connection's input
	 * @return the answer
	 */
	public static Response readUntilServerCloses(InputStream input) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		byte[] buffer = new byte[16384];
		try {
			int read;
			while ((read = input.read(buffer)) != -1) {
				bytes.write(buffer, 0, read);
			}
		}
		catch (SocketTimeoutException ex) {
			throw new AssertionError("the server kept the connection open for " + TIMEOUT_MILLIS
					+ " ms after answering: " + new String(bytes.toByteArray(), StandardCharsets.ISO_8859_1), ex);
		}
		catch (IOException ex) {
			// a reset is a close too
		}
		Response response = parse(bytes.toByteArray(), false);
		Secrets.check(new String(bytes.toByteArray(), StandardCharsets.ISO_8859_1), "raw HTTP answer");
		return response;
	}

	static Response parse(byte[] bytes, boolean head) {
		if (bytes.length == 0) {
			return Response.failed(Outcome.NO_RESPONSE);
		}
		int end = indexOf(bytes, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
		if (end < 0) {
			return Response.failed(Outcome.TRUNCATED);
		}
		String[] lines = new String(bytes, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
		String[] statusLine = lines[0].split(" ", 3);
		if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/1.")) {
			return Response.failed(Outcome.TRUNCATED);
		}
		int status = Integer.parseInt(statusLine[1]);
		Map<String, List<String>> headers = new LinkedHashMap<>();
		for (int i = 1; i < lines.length; i++) {
			int colon = lines[i].indexOf(':');
			headers
				.computeIfAbsent(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
						(name) -> new ArrayList<>())
				.add(lines[i].substring(colon + 1).strip());
		}
		byte[] body = Arrays.copyOfRange(bytes, end + 4, bytes.length);
		if (status == 100) {
			return new Response(Outcome.ANSWERED, status, headers, body);
		}
		if (headers.getOrDefault("transfer-encoding", List.of()).contains("chunked")) {
			byte[] decoded = dechunk(body);
			return (decoded != null) ? new Response(Outcome.ANSWERED, status, headers, decoded)
					: new Response(Outcome.TRUNCATED, status, headers, body);
		}
		List<String> length = headers.get("content-length");
		boolean bodyless = head || status == 304 || status == 204;
		if (length != null && !bodyless && Long.parseLong(length.get(0)) != body.length) {
			return new Response(Outcome.TRUNCATED, status, headers, body);
		}
		return new Response(Outcome.ANSWERED, status, headers, body);
	}

	// null when the last chunk has not arrived
	private static byte[] dechunk(byte[] chunked) {
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		int position = 0;
		while (true) {
			int lineEnd = indexOf(Arrays.copyOfRange(chunked, position, chunked.length),
					"\r\n".getBytes(StandardCharsets.ISO_8859_1));
			if (lineEnd < 0) {
				return null;
			}
			String sizeLine = new String(chunked, position, lineEnd, StandardCharsets.ISO_8859_1);
			int size = Integer.parseInt(sizeLine.split(";")[0].strip(), 16);
			position += lineEnd + 2;
			if (size == 0) {
				return body.toByteArray();
			}
			if (position + size + 2 > chunked.length) {
				return null;
			}
			body.write(chunked, position, size);
			position += size + 2;
		}
	}

	private static int indexOf(byte[] bytes, byte[] part) {
		outer: for (int i = 0; i + part.length <= bytes.length; i++) {
			for (int j = 0; j < part.length; j++) {
				if (bytes[i + j] != part[j]) {
					continue outer;
				}
			}
			return i;
		}
		return -1;
	}

	/**
	 * How an exchange ended.
	 */
	public enum Outcome {

		/** A complete answer: status line, headers and the whole body. */
		ANSWERED,

		/** The connection was refused. */
		REFUSED,

		/** The connection was closed or reset before any byte of an answer. */
		NO_RESPONSE,

		/** Part of an answer, then the connection ended. */
		TRUNCATED

	}

	/**
	 * An answer.
	 *
	 * @param outcome how the exchange ended
	 * @param status the status, -1 without an answer
	 * @param headers the headers, names in lower case
	 * @param body the body bytes
	 */
	public record Response(Outcome outcome, int status, Map<String, List<String>> headers, byte[] body) {

		static Response failed(Outcome outcome) {
			return new Response(outcome, -1, Map.of(), new byte[0]);
		}

		public List<String> header(String name) {
			return this.headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
		}

		public String text() {
			return new String(this.body, StandardCharsets.UTF_8);
		}

	}

}
