package io.codexlb.ratelimit;

import java.time.Duration;

/**
 * Where buckets live.
 */
interface BucketStore {

	/**
	 * Takes one token from a key's bucket, creating the bucket if needed.
	 * @param key the bucket key
	 * @param policy the policy the bucket follows
	 * @return the outcome
	 * @throws BucketStoreException if the store did not answer in time
	 */
	BucketReading take(String key, RatePolicy policy) throws BucketStoreException;

	/**
	 * Reads a key's bucket without taking a token.
	 * @param key the bucket key
	 * @param policy the policy the bucket follows
	 * @return the tokens left in each window, the per-minute window first
	 * @throws BucketStoreException if the store did not answer in time
	 */
	long[] read(String key, RatePolicy policy) throws BucketStoreException;

	/**
	 * Runs the store's whole path once before the first request, so that the first
	 * request is not slower than the rest.
	 * @param wait the longest time to try
	 * @throws BucketStoreException if the store did not answer within that time
	 */
	default void warmUp(Duration wait) throws BucketStoreException {
	}

	/**
	 * The store could not be used.
	 */
	class BucketStoreException extends Exception {

		private final boolean timeout;

		BucketStoreException(String message, boolean timeout) {
			super(message, null, false, false);
			this.timeout = timeout;
		}

		boolean timeout() {
			return this.timeout;
		}

	}

}
