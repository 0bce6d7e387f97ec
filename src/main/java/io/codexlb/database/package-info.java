/**
 * The database: start-up checks that never start on an empty or damaged one in silence,
 * its health, the eviction of broken connections, and the failure reports an operator can
 * act on.
 */
@ApplicationModule(allowedDependencies = { "datadir", "error", "logging" })
@NullMarked
package io.codexlb.database;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
