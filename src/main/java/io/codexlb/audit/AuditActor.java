package io.codexlb.audit;

/**
 * Who an admin write is recorded as made by: the principal of the request's
 * authentication, when it is one of these. A write without one is the service's own
 * ({@code system}).
 */
public interface AuditActor {

	/**
	 * The id of the key that made the write.
	 * @return the id
	 */
	String keyId();

	/**
	 * The display prefix of the key that made the write.
	 * @return the prefix
	 */
	String keyPrefix();

}
