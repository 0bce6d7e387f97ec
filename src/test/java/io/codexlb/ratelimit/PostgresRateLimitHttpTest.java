package io.codexlb.ratelimit;

import io.codexlb.support.PostgresSuite;

/**
 * {@link RateLimitHttpTest} against a real PostgreSQL server on loopback.
 */
@PostgresSuite
class PostgresRateLimitHttpTest extends RateLimitHttpTest {

}
