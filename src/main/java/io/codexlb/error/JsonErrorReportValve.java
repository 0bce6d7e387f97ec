package io.codexlb.error;

import java.io.IOException;
import java.io.OutputStream;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/**
 * Tomcat's last-resort error report as the OpenAI envelope instead of an HTML page: for
 * requests Tomcat refuses before any servlet runs, such as a header too large.
 */
class JsonErrorReportValve extends ErrorReportValve {

	private final ErrorRenderer renderer;

	JsonErrorReportValve(ErrorRenderer renderer) {
		this.renderer = renderer;
	}

	@Override
	protected void report(Request request, Response response, @Nullable Throwable throwable) {
		int status = response.getStatus();
		if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
			return;
		}
		if (status == 400 && isHeaderTooLarge(throwable)) {
			status = 431;
			response.setStatus(status);
		}
		byte[] body = this.renderer.body(error(request, status));
		try {
			response.setContentType(MediaType.APPLICATION_JSON_VALUE);
			response.setHeader(HttpHeaders.CACHE_CONTROL, ResponseHeaders.PRIVATE_NO_CACHE);
			response.setHeader(ResponseHeaders.X_CONTENT_TYPE_OPTIONS, ResponseHeaders.NOSNIFF);
			response.setContentLength(body.length);
			OutputStream output = response.getOutputStream();
			output.write(body);
			output.flush();
		}
		catch (IOException | IllegalStateException ex) {
			// the client is gone or the response was already handed out: nothing to tell
		}
	}

	private static ApiError error(Request request, int status) {
		String transferEncoding = request.getHeader(HttpHeaders.TRANSFER_ENCODING);
		if (status == 501 && transferEncoding != null) {
			// Tomcat's answer to a transfer coding other than chunked
			return HttpStatusErrors.unsupportedTransferEncoding(transferEncoding);
		}
		if (status == 505) {
			return HttpStatusErrors.unsupportedHttpVersion(request.getProtocol());
		}
		String method = (request.getMethod() != null) ? request.getMethod() : "GET";
		String path = (request.getDecodedRequestURI() != null) ? request.getDecodedRequestURI() : "/";
		return HttpStatusErrors.forStatus(status, method, path);
	}

	// Tomcat answers a header over max-http-request-header-size with a plain 400
	private static boolean isHeaderTooLarge(@Nullable Throwable throwable) {
		return throwable instanceof IllegalArgumentException && throwable.getMessage() != null
				&& throwable.getMessage().contains("header is too large");
	}

}
