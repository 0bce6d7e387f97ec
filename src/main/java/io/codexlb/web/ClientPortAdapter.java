package io.codexlb.web;

import java.util.concurrent.atomic.AtomicBoolean;

import io.codexlb.error.ResponseHeaders;
import org.apache.coyote.ActionCode;
import org.apache.coyote.Adapter;
import org.apache.coyote.Request;
import org.apache.coyote.Response;
import org.apache.tomcat.util.net.SocketEvent;

/**
 * Tomcat's adapter of the client port with what holds for every exchange on it, whoever
 * answers: {@code X-Request-Id} and {@code X-Content-Type-Options: nosniff} on the answer
 * before the container or the service sees the request, and a request body the answer
 * left unread is not drained: the connection is closed after the answer.
 *
 * <p>
 * It wraps the container's adapter, not a valve, because Tomcat answers some requests
 * ({@code OPTIONS *}) in its adapter without running any valve. It closes instead of
 * draining because Tomcat otherwise reads the rest of a refused body (up to
 * {@code maxSwallowSize}) on the worker thread, at the pace the client chooses: a client
 * that sends one byte now and then holds a thread per connection.
 */
final class ClientPortAdapter implements Adapter {

	private final Adapter container;

	ClientPortAdapter(Adapter container) {
		this.container = container;
	}

	@Override
	public void service(Request request, Response response) throws Exception {
		String clientId = request.getHeader(RequestIdFilter.HEADER);
		response.setHeader(RequestIdFilter.HEADER,
				RequestIdFilter.sane(clientId) ? clientId : RequestIdFilter.newRequestId());
		response.setHeader(ResponseHeaders.X_CONTENT_TYPE_OPTIONS, ResponseHeaders.NOSNIFF);
		try {
			this.container.service(request, response);
		}
		finally {
			closeInsteadOfDraining(request);
		}
	}

	// The answer is complete here (the container has finished it); Tomcat would now read
	// the rest of the body. Disabling that is an error state for Tomcat: it closes the
	// connection after the answer, and counts the request as an error.
	private static void closeInsteadOfDraining(Request request) {
		AtomicBoolean async = new AtomicBoolean();
		request.action(ActionCode.ASYNC_IS_ASYNC, async);
		if (!async.get() && !request.isFinished()) {
			request.action(ActionCode.DISABLE_SWALLOW_INPUT, null);
		}
	}

	@Override
	public boolean prepare(Request request, Response response) throws Exception {
		return this.container.prepare(request, response);
	}

	@Override
	public boolean asyncDispatch(Request request, Response response, SocketEvent status) throws Exception {
		return this.container.asyncDispatch(request, response, status);
	}

	@Override
	public void log(Request request, Response response, long time) {
		this.container.log(request, response, time);
	}

	@Override
	public void checkRecycled(Request request, Response response) {
		this.container.checkRecycled(request, response);
	}

	@Override
	public String getDomain() {
		return this.container.getDomain();
	}

}
