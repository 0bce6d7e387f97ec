package io.codexlb.usage;

/**
 * The requests of one key in a range.
 *
 * @param keyId the key's id
 * @param counts the requests by outcome
 */
public record KeyUsage(String keyId, UsageCounts counts) {

}
