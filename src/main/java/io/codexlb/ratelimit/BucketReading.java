package io.codexlb.ratelimit;

/**
 * What a bucket said when asked for one token.
 *
 * @param consumed whether the token was taken
 * @param remaining the tokens left in each window after the request, the per-minute
 * window first
 * @param nanosToWait when not consumed, how long until a token is available
 */
record BucketReading(boolean consumed, long[] remaining, long nanosToWait) {

}
