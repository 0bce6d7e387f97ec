package io.codexlb.admin;

import io.codexlb.support.PostgresSuite;

/**
 * {@link KeyAccountBindingTest} against a real PostgreSQL server on loopback.
 */
@PostgresSuite
class PostgresKeyAccountBindingTest extends KeyAccountBindingTest {

}
