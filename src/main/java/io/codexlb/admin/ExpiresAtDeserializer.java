package io.codexlb.admin;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

import io.codexlb.database.SqlTimestamps;
import io.codexlb.error.RejectedValueException;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;

/**
 * Reads the {@code expires_at} of a key, to the second: an ISO-8601 date-time with an
 * offset, or epoch seconds, no later than the year 9999.
 */
final class ExpiresAtDeserializer extends ValueDeserializer<Instant> {

	@Override
	public Instant deserialize(JsonParser parser, DeserializationContext context) {
		Instant expiresAt = switch (parser.currentToken()) {
			case VALUE_STRING -> parse(parser.getString());
			// one that does not even fit a long is no epoch second: of the wrong type, as
			// a fraction is
			case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
				case INT, LONG -> epochSeconds(parser.getLongValue());
				default -> throw wrongType();
			};
			default -> throw wrongType();
		};
		return expiresAt.truncatedTo(ChronoUnit.SECONDS);
	}

	private static Instant parse(String text) {
		Instant expiresAt;
		try {
			expiresAt = OffsetDateTime.parse(text).toInstant();
		}
		catch (DateTimeParseException ex) {
			throw RejectedValueException
				.invalid("expected an ISO-8601 date-time with an offset, such as 2030-01-31T00:00:00Z.");
		}
		if (expiresAt.isAfter(SqlTimestamps.LATEST)) {
			throw RejectedValueException.invalid("a date after the year 9999.");
		}
		return expiresAt;
	}

	private static Instant epochSeconds(long seconds) {
		if (seconds < 0 || seconds > SqlTimestamps.LATEST.getEpochSecond()) {
			throw RejectedValueException.invalid("epoch seconds out of range.");
		}
		return Instant.ofEpochSecond(seconds);
	}

	private static RejectedValueException wrongType() {
		return RejectedValueException.wrongType("an ISO-8601 date-time, epoch seconds or null");
	}

}
