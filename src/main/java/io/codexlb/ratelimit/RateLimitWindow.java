package io.codexlb.ratelimit;

/**
 * One window of a key's rate limit as it stands.
 *
 * @param window {@code minute} or {@code day}
 * @param limit the requests the window allows
 * @param remaining the requests left now
 * @param resetSeconds when the window is whole again: the minute bucket refills
 * continuously, the daily quota at 00:00 UTC
 */
public record RateLimitWindow(String window, long limit, long remaining, long resetSeconds) {

}
