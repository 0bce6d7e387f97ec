package io.codexlb.security;

import io.codexlb.support.PostgresSuite;

/**
 * {@link AuthenticationTest} against a real PostgreSQL server on loopback.
 */
@PostgresSuite
class PostgresAuthenticationTest extends AuthenticationTest {

}
