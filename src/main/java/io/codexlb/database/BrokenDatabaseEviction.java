package io.codexlb.database;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Set;

import com.zaxxer.hikari.SQLExceptionOverride;
import io.codexlb.logging.ThrottledWarning;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the connection pool to drop a connection whose embedded database has closed
 * itself, so that the next connection opens the database again.
 *
 * <p>
 * H2 closes a file database for good when a write to its file fails (a full disk, an I/O
 * error); its connections go on answering {@code isValid()} with {@code true}, and the
 * pool, which only drops connections on SQL state class {@code 08}, would keep them
 * forever. Named in {@code spring.datasource.hikari.exception-override-class-name}.
 */
public class BrokenDatabaseEviction implements SQLExceptionOverride {

	private static final Logger logger = LoggerFactory.getLogger(BrokenDatabaseEviction.class);

	// the pool's own warning for each dropped connection carries a stack trace
	// (com.zaxxer.hikari.pool.ProxyConnection is set to ERROR): this one says it once in
	// a while, in one line
	private static final ThrottledWarning warning = new ThrottledWarning(Duration.ofSeconds(30));

	// H2's DATABASE_IS_CLOSED, IO_EXCEPTION_1, FILE_CORRUPTED_1, IO_EXCEPTION_2,
	// CONNECTION_BROKEN_1, DATABASE_CALLED_AT_SHUTDOWN
	private static final Set<Integer> H2_BROKEN_DATABASE = Set.of(90098, 90028, 90030, 90031, 90067, 90121);

	// written out: the interface's own Override type hides java.lang.Override here
	@java.lang.Override
	@SuppressWarnings("checkstyle:inlineQualifiedName")
	public SQLExceptionOverride.Override adjudicate(SQLException ex) {
		for (Throwable failure = ex; failure != null; failure = failure.getCause()) {
			if (isH2(failure) && (failure.getClass().getSimpleName().equals("MVStoreException")
					|| (failure instanceof SQLException sql && H2_BROKEN_DATABASE.contains(sql.getErrorCode())))) {
				warn("the embedded database closed itself after a failed write; it is opened again", failure);
				return SQLExceptionOverride.Override.MUST_EVICT;
			}
		}
		String state = ex.getSQLState();
		if (state != null && state.startsWith("08")) {
			warn("a database connection broke", ex);
		}
		return SQLExceptionOverride.Override.CONTINUE_EVICT;
	}

	private static void warn(String what, Throwable failure) {
		if (warning.due()) {
			logger.warn("Dropping database connections: {} ({})", what,
					(failure instanceof SQLException sql)
							? "SQL state " + sql.getSQLState() + ", error " + sql.getErrorCode()
							: failure.getClass().getSimpleName());
		}
	}

	private static boolean isH2(Throwable failure) {
		return failure.getClass().getName().startsWith("org.h2.");
	}

}
