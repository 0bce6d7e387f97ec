/**
 * Webhooks: each batch of catalog changes written to a persisted outbox in the batch's
 * transaction, and POSTed, signed, by one replica, at least once, with retries.
 */
@ApplicationModule(allowedDependencies = { "catalog", "database", "logging", "replica" })
@NullMarked
package io.codexlb.webhook;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
