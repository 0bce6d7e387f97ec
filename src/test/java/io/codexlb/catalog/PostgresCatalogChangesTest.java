package io.codexlb.catalog;

import io.codexlb.support.PostgresSuite;

/**
 * {@link CatalogChangesTest} against a real PostgreSQL server on loopback.
 */
@PostgresSuite
class PostgresCatalogChangesTest extends CatalogChangesTest {

}
