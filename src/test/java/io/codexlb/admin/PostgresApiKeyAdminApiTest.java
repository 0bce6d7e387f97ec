package io.codexlb.admin;

import io.codexlb.support.PostgresSuite;

/**
 * {@link ApiKeyAdminApiTest} against a real PostgreSQL server on loopback.
 */
@PostgresSuite
class PostgresApiKeyAdminApiTest extends ApiKeyAdminApiTest {

}
