package io.codexlb.error;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The servlet container's error page: the envelope instead of an HTML page, for errors
 * raised before a controller runs.
 */
@RestController
class JsonErrorController implements ErrorController {

	private final ErrorRenderer renderer;

	JsonErrorController(ErrorRenderer renderer) {
		this.renderer = renderer;
	}

	@RequestMapping("${server.error.path:/error}")
	ResponseEntity<byte[]> error(HttpServletRequest request) {
		Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		int statusCode = (status instanceof Integer code) ? code : 500;
		Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
		String path = (uri instanceof String value) ? value : request.getRequestURI();
		return this.renderer.entity(HttpStatusErrors.forStatus(statusCode, request.getMethod(), path));
	}

}
