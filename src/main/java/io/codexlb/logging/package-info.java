/**
 * Logging rules shared by the features: warnings an outage repeats are let through once
 * per interval.
 */
@ApplicationModule(allowedDependencies = {})
@NullMarked
package io.codexlb.logging;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
