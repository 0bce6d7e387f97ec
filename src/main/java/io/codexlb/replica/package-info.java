/**
 * Coordination between replicas that share a database: locks held in it, so that one
 * replica at a time does a job.
 */
@ApplicationModule(allowedDependencies = {})
@NullMarked
package io.codexlb.replica;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
