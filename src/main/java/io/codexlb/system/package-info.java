/**
 * Process-wide infrastructure: the clock, the data directory and the service-wide
 * settings.
 */
@NullMarked
package io.codexlb.system;

import org.jspecify.annotations.NullMarked;
