package io.codexlb.support;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;

/**
 * Hands every log event of the test JVM, with its stack trace, to {@link Secrets}.
 * Configured in {@code logback-test.xml} beside the usual console output.
 */
public class LeakDetectingAppender extends AppenderBase<ILoggingEvent> {

	@Override
	protected void append(ILoggingEvent event) {
		String text = event.getFormattedMessage();
		IThrowableProxy throwable = event.getThrowableProxy();
		if (throwable != null) {
			text = text + System.lineSeparator() + ThrowableProxyUtil.asString(throwable);
		}
		if (!event.getMDCPropertyMap().isEmpty()) {
			text = text + " " + event.getMDCPropertyMap();
		}
		Secrets.logged(text, event.getLoggerName());
	}

}
