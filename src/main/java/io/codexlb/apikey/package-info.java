/**
 * API keys: their format, their hashed store, the cached resolution of a bearer token to
 * its grant, and the first admin key.
 */
@ApplicationModule(allowedDependencies = { "audit", "database", "datadir", "error", "logging" })
@NullMarked
package io.codexlb.apikey;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
