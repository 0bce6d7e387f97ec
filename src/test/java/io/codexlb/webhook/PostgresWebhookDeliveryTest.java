package io.codexlb.webhook;

import io.codexlb.support.PostgresSuite;

/**
 * {@link WebhookDeliveryTest} against a real PostgreSQL server on loopback.
 */
@PostgresSuite
class PostgresWebhookDeliveryTest extends WebhookDeliveryTest {

}
