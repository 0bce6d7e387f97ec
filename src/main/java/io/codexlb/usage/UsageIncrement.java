package io.codexlb.usage;

import java.time.Instant;

/**
 * Requests of one key in one hour, to be added to what the database holds.
 *
 * @param keyId the key's id
 * @param hourStart the start of the hour
 * @param counts the requests by outcome
 */
record UsageIncrement(String keyId, Instant hourStart, UsageCounts counts) {

}
