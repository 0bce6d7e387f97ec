/**
 * The model catalog: upstream-shaped model lists mapped to the model objects the models
 * routes list, held in a snapshot that a refresh replaces whole.
 */
@ApplicationModule(allowedDependencies = { "account", "database", "error", "logging", "replica", "upstream" })
@NullMarked
package io.codexlb.catalog;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
