/**
 * The audit log: a row for every admin write, written in the write's own transaction,
 * with who made it, from where, and the fields it changed (never a secret).
 */
@ApplicationModule(allowedDependencies = { "database", "error", "logging", "replica" })
@NullMarked
package io.codexlb.audit;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
