/**
 * Usage: every request to a models route counted per key, hour and outcome in memory,
 * written to the database as increments, and read back as series and totals.
 */
@ApplicationModule(allowedDependencies = { "database", "error", "logging", "replica" })
@NullMarked
package io.codexlb.usage;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
