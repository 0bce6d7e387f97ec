package io.codexlb.catalog;

import io.codexlb.support.PostgresSuite;

/**
 * {@link UpstreamCatalogTest} against a real PostgreSQL server on loopback.
 */
@PostgresSuite
class PostgresUpstreamCatalogTest extends UpstreamCatalogTest {

}
