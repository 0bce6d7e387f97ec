package io.codexlb.ratelimit;

import java.time.Instant;

/**
 * What a key's shared bucket in Redis said the last time this replica asked it: where a
 * local bucket starts while Redis cannot be used.
 *
 * @param reading the bucket's answer
 * @param readAt when it answered
 */
record LastReading(BucketReading reading, Instant readAt) {

}
