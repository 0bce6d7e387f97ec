package io.codexlb.catalog;

import io.codexlb.support.PostgresSuite;

import org.springframework.test.annotation.DirtiesContext;

/**
 * {@link CatalogChangesTest} against a real PostgreSQL server on loopback.
 */
// closed after the class, while its database is still there: a context left for the end
// of the run waits for it at every stop-time flush
@PostgresSuite
@DirtiesContext
class PostgresCatalogChangesTest extends CatalogChangesTest {

}
