/**
 * The data folder: where the embedded database and the generated secrets (admin key,
 * encryption key) live, and the service-wide settings that name it.
 */
@ApplicationModule(allowedDependencies = { "error" })
@NullMarked
package io.codexlb.datadir;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
