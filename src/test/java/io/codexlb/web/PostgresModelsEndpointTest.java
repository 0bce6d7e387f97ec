package io.codexlb.web;

import io.codexlb.support.PostgresSuite;

/**
 * {@link ModelsEndpointTest} against a real PostgreSQL server on loopback.
 */
@PostgresSuite
class PostgresModelsEndpointTest extends ModelsEndpointTest {

}
