/**
 * The admin HTTP API: API keys, upstream accounts and the catalog.
 */
@NullMarked
package io.codexlb.admin;

import org.jspecify.annotations.NullMarked;
