/**
 * Logging rules shared by the features: warnings an outage repeats are let through once
 * per interval.
 */
@NullMarked
package io.codexlb.logging;

import org.jspecify.annotations.NullMarked;
