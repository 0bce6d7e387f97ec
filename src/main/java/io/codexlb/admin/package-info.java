/**
 * The admin HTTP API for API keys.
 */
@NullMarked
package io.codexlb.admin;

import org.jspecify.annotations.NullMarked;
