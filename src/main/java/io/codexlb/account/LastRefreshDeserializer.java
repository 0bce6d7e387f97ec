package io.codexlb.account;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

import io.codexlb.database.SqlTimestamps;
import io.codexlb.error.RejectedValueException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;

/**
 * Reads the {@code last_refresh} of an {@code auth.json}: an ISO-8601 date-time with an
 * offset, no later than the year 9999.
 */
public final class LastRefreshDeserializer extends ValueDeserializer<Instant> {

	@Override
	public Instant deserialize(JsonParser parser, DeserializationContext context) {
		if (parser.currentToken() != JsonToken.VALUE_STRING) {
			throw RejectedValueException.wrongType("a date-time");
		}
		Instant lastRefresh;
		try {
			lastRefresh = OffsetDateTime.parse(parser.getString()).toInstant();
		}
		catch (DateTimeParseException ex) {
			throw RejectedValueException.invalid("expected an ISO-8601 date-time such as 2026-01-15T10:00:00Z.");
		}
		if (lastRefresh.isAfter(SqlTimestamps.LATEST)) {
			throw RejectedValueException.invalid("a date after the year 9999.");
		}
		return lastRefresh;
	}

}
