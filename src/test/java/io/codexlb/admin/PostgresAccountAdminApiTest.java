package io.codexlb.admin;

import io.codexlb.support.PostgresSuite;

/**
 * {@link AccountAdminApiTest} against a real PostgreSQL server on loopback.
 */
@PostgresSuite
class PostgresAccountAdminApiTest extends AccountAdminApiTest {

}
