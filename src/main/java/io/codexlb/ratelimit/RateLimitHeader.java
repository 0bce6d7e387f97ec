package io.codexlb.ratelimit;

/**
 * One rate-limit header of an answer.
 *
 * @param name the header name
 * @param value the header value
 */
public record RateLimitHeader(String name, String value) {

}
