package io.codexlb.admin;

import io.codexlb.support.PostgresSuite;

/**
 * {@link AdminListPagingTest} against a real PostgreSQL server on loopback.
 */
@PostgresSuite
class PostgresAdminListPagingTest extends AdminListPagingTest {

}
