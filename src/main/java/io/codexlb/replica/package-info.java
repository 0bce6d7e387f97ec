/**
 * Coordination between replicas that share a database: locks held in it, so that one
 * replica at a time does a job.
 */
@NullMarked
package io.codexlb.replica;

import org.jspecify.annotations.NullMarked;
