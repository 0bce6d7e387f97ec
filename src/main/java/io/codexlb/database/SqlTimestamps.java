package io.codexlb.database;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import org.jspecify.annotations.Nullable;

/**
 * Instants to and from {@code TIMESTAMP WITH TIME ZONE} columns, the same way on H2 and
 * PostgreSQL.
 */
public final class SqlTimestamps {

	/**
	 * The latest instant this service accepts in a date: 9999-12-31T23:59:59Z, which both
	 * databases store.
	 */
	public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

	private SqlTimestamps() {
	}

	public static @Nullable OffsetDateTime of(@Nullable Instant instant) {
		return (instant != null) ? instant.atOffset(ZoneOffset.UTC) : null;
	}

	public static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
		OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
		return (value != null) ? value.toInstant() : null;
	}

}
