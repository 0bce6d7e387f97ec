/**
 * The stateless Spring Security filter chain that turns a bearer API key into an
 * authenticated grant.
 */
@NullMarked
package io.codexlb.security;

import org.jspecify.annotations.NullMarked;
