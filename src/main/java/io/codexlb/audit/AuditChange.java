package io.codexlb.audit;

import org.jspecify.annotations.Nullable;

/**
 * A field an admin write set: its name, and its new value unless it is a secret (a key,
 * tokens), of which only the name is kept.
 *
 * @param field the field's name on the wire
 * @param value the new value, as the admin API writes it; {@code null} for a secret, or a
 * field set to {@code null}
 * @param secret whether the value is withheld
 */
public record AuditChange(String field, @Nullable Object value, boolean secret) {

	/**
	 * A field and its new value.
	 * @param field the field
	 * @param value the value
	 * @return the change
	 */
	public static AuditChange of(String field, @Nullable Object value) {
		return new AuditChange(field, value, false);
	}

	/**
	 * A secret field: its name alone.
	 * @param field the field
	 * @return the change
	 */
	public static AuditChange secret(String field) {
		return new AuditChange(field, null, true);
	}

}
