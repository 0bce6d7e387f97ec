/**
 * Per-key request-rate limits on the models routes: Bucket4j buckets, in-process or
 * shared through Redis, with the standard rate-limit headers.
 */
@ApplicationModule(allowedDependencies = { "apikey", "error", "logging" })
@NullMarked
package io.codexlb.ratelimit;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
